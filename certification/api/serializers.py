from __future__ import annotations

from rest_framework import serializers

from certification.models import Certificate, CertificationScheme, SchemeExam


class SchemeExamSerializer(serializers.ModelSerializer):
    test = serializers.CharField(source="test.slug", read_only=True)
    title = serializers.CharField(source="test.title", read_only=True)

    class Meta:
        model = SchemeExam
        fields = ("test", "title", "min_score")


class SchemeSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", read_only=True)
    prerequisite = serializers.CharField(
        source="prerequisite.slug", default=None, read_only=True, allow_null=True
    )
    exams = SchemeExamSerializer(many=True, read_only=True)
    required_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CertificationScheme
        fields = (
            "slug",
            "title",
            "summary",
            "role",
            "exams",
            "min_area_score",
            "required_units",
            "prerequisite",
            "validation_allowed",
            "validity_months",
            "renewal",
            "renewal_hours",
        )


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    rule = serializers.CharField()
    met = serializers.BooleanField()
    explanation = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    scheme = serializers.CharField(source="scheme.slug")
    eligible = serializers.BooleanField()
    checks = CheckSerializer(many=True)


class CompetenceFactSerializer(serializers.Serializer):
    area = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.CharField()
    source = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    serial = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Certificate.Status.choices)
    status_label = serializers.CharField()
    holder_name = serializers.CharField()
    scheme = serializers.CharField()
    role = serializers.CharField()
    framework_version = serializers.CharField()
    issued_at = serializers.DateTimeField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    superseded_by = serializers.IntegerField(allow_null=True, help_text="The version that replaced this one.")
    issuer = serializers.CharField()
    competences = CompetenceFactSerializer(many=True)


class CertificateSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.slug", read_only=True)
    holder = serializers.EmailField(source="holder.email", read_only=True)
    status = serializers.CharField(source="effective_status", read_only=True)
    competences = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = (
            "id",
            "serial",
            "version",
            "code",
            "holder",
            "holder_name",
            "scheme",
            "language",
            "issued_at",
            "valid_from",
            "valid_until",
            "status",
            "revoked_at",
            "revocation_reason",
            "pdf_status",
            "listed_in_registry",
            "competences",
        )

    def get_competences(self, certificate: Certificate) -> list[dict[str, str]]:
        return [
            {
                "code": item.competence.code,
                "title": item.competence.title,
                "level": item.level.code,
                "source": item.source,
            }
            for item in certificate.competences.all()
        ]


class IssueSerializer(serializers.Serializer):
    scheme = serializers.SlugRelatedField(
        slug_field="slug", queryset=CertificationScheme.objects.filter(is_published=True)
    )
    holder = serializers.EmailField(help_text="The holder's email address.")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RenewSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    hours = serializers.IntegerField(min_value=0, max_value=2000, required=False, default=0)


class ReissueSerializer(serializers.Serializer):
    correction = serializers.CharField(max_length=2000)
    holder_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    language = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")


class ListingSerializer(serializers.Serializer):
    listed = serializers.BooleanField()
