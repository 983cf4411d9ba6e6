"""Results of tests for trainers and certifiers: the tests with their attempt counts, and per
test every finished attempt with its scores per competence, the averages, a CSV export and the
item statistics. Trainers and certifiers only (403 for everybody else)."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import RoleRequiredMixin
from accounts.roles import Role
from curriculum import results


class ResultsMixin(RoleRequiredMixin):
    required_roles = (Role.TRAINER, Role.CERTIFIER)


class ResultListView(ResultsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "curriculum/results_list.html", {"tests": list(results.tests_with_results())})


class ResultDetailView(ResultsMixin, View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        test = results.tests_with_results().filter(slug=slug).first()
        if test is None:
            raise Http404
        table = results.result_table(test=test)
        if request.GET.get("export") == "csv":
            return self.csv(test.slug, table)
        context = {
            "test": test,
            "table": table,
            "items": results.item_statistics(test=test),
            "is_trainer": request.user.has_role(Role.TRAINER),  # type: ignore[union-attr]
        }
        return render(request, "curriculum/results_detail.html", context)

    def csv(self, slug: str, table: results.ResultTable) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="results-{slug}.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Learner"),
                _("Attempt"),
                _("Finished"),
                _("Score (%)"),
                _("Passed"),
                *(c.code for c in table.competences),
            ]
        )
        for row in table.rows:
            attempt = row["attempt"]
            writer.writerow(
                [
                    attempt.learner.full_name,
                    attempt.number,
                    attempt.finished_at.isoformat() if attempt.finished_at else "",
                    attempt.score,
                    _("yes") if attempt.passed else _("no"),
                    *("" if score is None else score for score in row["scores"]),
                ]
            )
        return response
