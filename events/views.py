from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def event_list(request):
    return render(request, "placeholder.html", {"title": "Events"})
