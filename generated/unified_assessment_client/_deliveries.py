"""The delivery models of openapi/assessment-package.yaml (its `webhooks`), by the object type they carry."""

from .models import AssessmentOrderDelivery, AssessmentPackageDelivery, WebhookDelivery

Delivery = AssessmentOrderDelivery | AssessmentPackageDelivery | WebhookDelivery
DELIVERIES: dict[str, type[Delivery]] = {
    "assessment_order": AssessmentOrderDelivery,
    "assessment_package": AssessmentPackageDelivery,
}
GENERIC: type[Delivery] = WebhookDelivery
