from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def library(request):
    return render(request, "placeholder.html", {"title": "Library"})
