"""Sitemap sections of this app, merged by cco_council's /sitemap.xml."""

sitemaps = {}
