from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def press(request):
    return render(request, "placeholder.html", {"title": "Press"})
