import csv

from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cco_council.core import dashboard
from cco_council.core.admin import URL_FIELDS
from cco_council.core.export import csv_cell
from members import services
from members.models import Application, ClosedAccount, Digest, DigestDelivery, Member


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """The applications inbox: approve, decline with a reason, or ask for more."""

    formfield_overrides = URL_FIELDS
    list_display = ["received_at", "name", "company", "job_title", "email", "status"]
    list_display_links = ["received_at", "name"]
    list_filter = ["status", "received_at"]
    search_fields = ["name", "email", "company", "job_title", "reason"]
    date_hierarchy = "received_at"
    list_select_related = ["decided_by"]
    actions = ["approve_selected", "export_csv"]
    submitted = ["name", "email", "job_title", "company", "link", "reason"]
    readonly_fields = [
        *submitted,
        "status",
        "received_at",
        "decided_at",
        "decided_by",
        "user",
        "ip_address",
    ]
    fieldsets = [
        ("What the applicant sent", {"fields": submitted}),
        (
            "Decision",
            {
                "fields": ["status", "decision_note", "decided_at", "decided_by", "user"],
                "description": "Write the note first to decline (the reason) or ask for more "
                "(the question): it is e-mailed to the applicant.",
            },
        ),
        ("Record", {"fields": ["received_at", "ip_address"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request):
        # Applications come from the public form, never from the admin.
        return False

    def response_change(self, request, obj):
        decisions = {
            "_approve": self._approve,
            "_decline": self._decline,
            "_ask": self._ask,
        }
        for button, decide in decisions.items():
            if button in request.POST:
                try:
                    text = decide(request, obj)
                except (services.ApplicationAlreadyDecided, services.EmailBelongsToEditor) as e:
                    self.message_user(request, str(e), messages.ERROR)
                else:
                    self.message_user(request, text, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _approve(self, request, obj):
        services.approve_application(application=obj, by=request.user)
        return f"{obj.name} is a member; they have been e-mailed how to sign in."

    def _decline(self, request, obj):
        obj.refresh_from_db()
        services.decline_application(application=obj, by=request.user, reason=obj.decision_note)
        return f"{obj.name}'s application is declined; they have been told."

    def _ask(self, request, obj):
        obj.refresh_from_db()
        if not obj.decision_note.strip():
            raise services.ApplicationAlreadyDecided(
                "Write the question in the note to the applicant first."
            )
        services.ask_for_more(application=obj, by=request.user, question=obj.decision_note)
        return f"{obj.name} has been asked for more information."

    @admin.action(description="Approve selected applications", permissions=["change"])
    def approve_selected(self, request, queryset):
        approved = 0
        for application in queryset.filter(
            status__in=[Application.Status.PENDING, Application.Status.MORE_INFO]
        ):
            try:
                services.approve_application(application=application, by=request.user)
            except (services.ApplicationAlreadyDecided, services.EmailBelongsToEditor) as e:
                self.message_user(request, f"{application.name}: {e}", messages.WARNING)
            else:
                approved += 1
        self.message_user(request, f"{approved} application(s) approved.", messages.SUCCESS)

    @admin.action(description="Export selected applications as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="membership-applications-{stamp}.csv"'
        )
        writer = csv.writer(response)
        columns = [
            "received_at", "name", "email", "job_title", "company", "link", "reason",
            "status", "decision_note",
        ]  # fmt: skip
        writer.writerow(columns)
        for application in queryset.order_by("received_at", "id"):
            row = {
                **{name: getattr(application, name) for name in columns},
                "received_at": timezone.localtime(application.received_at).isoformat(),
                "status": application.get_status_display(),
            }
            writer.writerow([csv_cell(row[name]) for name in columns])
        return response


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "company", "status", "digest_opt_in", "joined_at"]
    list_filter = ["status", "digest_opt_in", "joined_at"]
    search_fields = ["name", "company", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "status", "joined_at", "lapsed_at", "updated_at"]
    fields = [
        "user", "name", "job_title", "company", "photo", "digest_opt_in",
        "status", "joined_at", "lapsed_at", "updated_at",
    ]  # fmt: skip
    actions = ["lapse_selected", "reinstate_selected", "close_selected"]

    def has_add_permission(self, request):
        # Members are made by approving an application.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting goes through "close accounts", which logs it and deletes all their data.
        return False

    @admin.display(ordering="user__email", description="e-mail")
    def email(self, obj):
        return obj.user.email

    @admin.action(description="Lapse selected memberships", permissions=["change"])
    def lapse_selected(self, request, queryset):
        for member in queryset.select_related("user"):
            services.lapse_membership(member=member)
        self.message_user(
            request, "Memberships lapsed: those members now read what the public reads."
        )

    @admin.action(description="Reinstate selected memberships", permissions=["change"])
    def reinstate_selected(self, request, queryset):
        for member in queryset.select_related("user"):
            services.reinstate_membership(member=member)
        self.message_user(request, "Memberships reinstated.")

    @admin.action(
        description="Close selected accounts (deletes their data)", permissions=["change"]
    )
    def close_selected(self, request, queryset):
        count = 0
        for member in queryset.select_related("user"):
            services.close_account(user=member.user, closed_by=request.user.get_username())
            count += 1
        self.message_user(request, f"{count} account(s) closed and their data deleted.")


@admin.register(ClosedAccount)
class ClosedAccountAdmin(admin.ModelAdmin):
    list_display = ["member_number", "joined_at", "closed_at", "closed_by"]
    list_filter = ["closed_at"]
    search_fields = ["member_number", "closed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DigestDeliveryInline(admin.TabularInline):
    model = DigestDelivery
    extra = 0
    readonly_fields = ["user", "sent_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Issues of the weekly digest as sent; "Preview the next digest" shows the coming one."""

    list_display = ["week_of", "period_start", "period_end", "delivered"]
    list_filter = ["week_of"]
    search_fields = ["week_of"]
    readonly_fields = ["week_of", "period_start", "period_end", "created_at"]
    inlines = [DigestDeliveryInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_delivered=Count("deliveries"))

    @admin.display(description="sent to", ordering="_delivered")
    def delivered(self, obj):
        return obj._delivered

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="members_digest_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The next digest as a member will get it, built for the editor's own address."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        now = timezone.now()
        start, end = services.next_digest_period(now=now)
        message = services.build_digest_message(
            user=request.user, start=start, end=end, week=services.week_of(now)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Next digest",
            "message": message,
            "start": start,
            "recipients": Member.objects.digest_recipients().count(),
        }
        return TemplateResponse(request, "admin/members/digest/preview.html", context)


def applications_waiting(request) -> dashboard.Panel | None:
    """The editors' home panel (cco_council.core.dashboard): applications to review, oldest
    first, since the applicant has waited longest."""
    if not request.user.has_perm("members.view_application"):
        return None
    waiting = Application.objects.filter(
        status__in=[Application.Status.PENDING, Application.Status.MORE_INFO]
    ).order_by("received_at", "id")
    rows = [
        dashboard.Row(
            text=str(application),
            url=reverse("admin:members_application_change", args=[application.pk]),
            detail=f"{application.get_status_display()}, received "
            f"{date_format(timezone.localtime(application.received_at), 'N j, P')}",
        )
        for application in waiting[:10]
    ]
    return dashboard.Panel(
        title="Applications waiting",
        rows=rows,
        empty="No applications waiting.",
        count=waiting.count(),
        more_url=reverse("admin:members_application_changelist"),
    )


dashboard.register(applications_waiting)
