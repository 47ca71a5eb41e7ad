"""
Addresses that moved when the pages got a web layer of their own: editors' article pages
went under /editor/, the board's audit and withdrawal under /review/. Old bookmarks and
links (config/urls.py mounts these under /articles/) answer 308 (permanent, method and
body kept) to the new address, query included.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse


def _moved(name: str):
    def view(request, **kwargs):
        target = reverse(name, kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target, preserve_request=True)

    view.__doc__ = f"Moved permanently: {name}."
    return view


app_name = "moved"

urlpatterns = [
    path("<slug:slug>/edit/", _moved("editor:edit"), name="edit"),
    path("<slug:slug>/delete/", _moved("editor:delete"), name="delete"),
    path("<slug:slug>/submit/", _moved("editor:submit"), name="submit"),
    path("<slug:slug>/history/", _moved("editor:history"), name="history"),
    path("<slug:slug>/compare/", _moved("editor:compare"), name="compare"),
    path("<slug:slug>/revisions/<int:number>/", _moved("editor:revision"), name="revision"),
    path("<slug:slug>/revisions/<int:number>/restore/", _moved("editor:restore"), name="restore"),
    path("<slug:slug>/audit/", _moved("review:audit"), name="audit"),
    path("<slug:slug>/audit.csv", _moved("review:audit_csv"), name="audit_csv"),
    path("<slug:slug>/withdraw/", _moved("review:withdraw"), name="withdraw"),
]
