from django.contrib import admin


class CouncilAdminSite(admin.AdminSite):
    """The editors' admin, under the council's name (installed by ``apps.CouncilAdminConfig``)."""

    site_header = "CCO Council editors"
    site_title = "CCO Council editors"
    index_title = "Site content"
