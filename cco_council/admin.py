from django.contrib import admin


class CouncilAdminSite(admin.AdminSite):
    """The editors' admin, under the council's name (installed by ``apps.CouncilAdminConfig``).

    Its home shows what needs attention first (``cco_council.editors``), then every section.
    """

    site_header = "CCO Council editors"
    site_title = "CCO Council editors"
    index_title = "Home"
    index_template = "admin/editors_home.html"

    def index(self, request, extra_context=None):
        from cco_council import editors  # reads every app's models, loaded by now

        return super().index(request, {**editors.home_context(request), **(extra_context or {})})
