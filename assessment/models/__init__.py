"""Typed SQLAlchemy 2.0 models, one module per aggregate; import them all here for Alembic."""

from assessment.models.answer import Answer
from assessment.models.api_token import ApiToken as ApiToken
from assessment.models.assessment import Assessment, Status
from assessment.models.audit import AuditEvent
from assessment.models.base import Base
from assessment.models.disagreement import Disagreement as Disagreement
from assessment.models.hidden_comment import HiddenComment as HiddenComment
from assessment.models.invitation import Invitation
from assessment.models.listing import AssessmentAreaBand as AssessmentAreaBand
from assessment.models.mail import MailMessage as MailMessage
from assessment.models.note import Note as Note
from assessment.models.organisation import Organisation
from assessment.models.override import FindingOverride as FindingOverride
from assessment.models.password_reset import PasswordResetToken as PasswordResetToken
from assessment.models.recovery_code import RecoveryCode as RecoveryCode
from assessment.models.report_cache import ReportPdf as ReportPdf
from assessment.models.report_cache import ReportRelease as ReportRelease
from assessment.models.report_cache import ReportRender as ReportRender
from assessment.models.review import ChangeRequest as ChangeRequest
from assessment.models.review import ReviewComment as ReviewComment
from assessment.models.security_event import SecurityEvent as SecurityEvent
from assessment.models.share import AssessmentShare as AssessmentShare
from assessment.models.user import Role, User
from assessment.models.webhook import Webhook as Webhook
from assessment.models.webhook import WebhookDelivery as WebhookDelivery

__all__ = [
    "Answer", "Assessment", "AuditEvent", "Base", "Invitation", "Organisation", "Role",
    "Status", "User",
]
