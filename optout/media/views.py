from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from optout.lib import ratelimit
from optout.lib.choices import in_words
from optout.lib.ownership import owned

from . import services
from .forms import PresetForm, ProtectForm
from .marks import BadImage
from .models import Preset


def _page(request, form, status=200, outcomes=None, preset_name="", preset_form=None):
    context = {"form": form, "outcomes": outcomes, "presets": owned(Preset, request.user), "preset_name": preset_name,
               "preset_form": preset_form}
    return render(request, "media/index.html", context, status=status)


def _signer(form):
    """The signing key given on the form, or None; a file that is not what it should be is an error on its field, in
    plain words that name it (the library's own, "error parsing asn1 value: ParseError { kind: InvalidLength }",
    tell a person nothing), and nothing is marked."""
    data = form.cleaned_data
    if not data.get("sign_cert"):
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from .credentials import SigningKey

    key = SigningKey(data["sign_cert"].read(), data["sign_key"].read())
    try:
        x509.load_pem_x509_certificates(key.certificates)
    except ValueError:
        form.add_error("sign_cert", _("“%(file)s” is not a certificate optout can read. Choose your certificate chain: a "
                                      "PEM file, whose text starts with “-----BEGIN CERTIFICATE-----”.")
                       % {"file": data["sign_cert"].name})
    try:
        load_pem_private_key(key.private_key, password=None)
    except (ValueError, TypeError):
        form.add_error("sign_key", _("“%(file)s” is not a private key optout can read. Choose your private key: a PEM "
                                     "file without a password, whose text starts with “-----BEGIN” and ends with "
                                     "“PRIVATE KEY-----”.") % {"file": data["sign_key"].name})
    if not form.errors:
        from django.utils.text import capfirst

        from optout.lib.choices import in_words

        from .credentials import check_key
        from .marks import BadImage

        try:
            check_key(key)
        except BadImage as exc:  # once, on its field, before any image: not as an error of every image
            form.add_error("sign_cert", capfirst(in_words(exc.said)))
    return key


@require_http_methods(["GET", "POST"])
def index(request):
    """Upload images, choose the marks, get a zip of marked copies back."""
    if request.method == "GET":
        name = request.GET.get("preset", "")
        initial = services.preset_values(request.user, name) if name and request.user.is_authenticated else None
        return _page(request, ProtectForm(initial=initial or {}), preset_name=name if initial else "")
    # Checked before the upload is read: a batch is up to 300 MB of work for the server.
    if not ratelimit.allow(request, "media_protect", settings.OPTOUT_MEDIA_RATE):
        messages.error(request, _("Too many image batches from your address in a short time. Wait a while, then try again."))
        return _page(request, ProtectForm(), status=429)
    form = ProtectForm(request.POST, request.FILES)
    outcomes = None
    signer = _signer(form) if form.is_valid() else None
    if form.is_valid():  # again: the key's files may have been refused
        data = form.cleaned_data
        try:
            archive, outcomes = services.protect_uploads(data["images"], form.marks_values(), data["remove_location"],
                                                         signer)
        except BadImage as exc:
            form.add_error(None, in_words(exc.said))
            archive = None
        if archive is not None:
            response = HttpResponse(archive, content_type="application/zip")
            # A download leaves the page as it was: when some files could not be marked, the file's name says so
            # (the report inside says which and why).
            marked = sum(1 for outcome in outcomes if outcome.status == "ok")
            name = "optout-marked-images" + (f"-{marked}-of-{len(outcomes)}" if marked < len(outcomes) else "")
            response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form, status=400, outcomes=outcomes)


@login_required
@require_POST
def save_preset(request):
    """Save the choices on the page (without the images) under a name."""
    # The page's "Preset name" box is this form's name field ("preset-name"); the choices are the page's form's.
    form = PresetForm(request.POST, auto_id="preset-%s")
    if not form.is_valid():
        bound = ProtectForm(request.POST)
        bound.is_valid()
        # A preset holds no images: their absence is no error here. The choices' own errors are the page form's, and
        # are shown (and summed up) once, beside its fields.
        bound.errors.pop("images", None)
        for name in [name for name in form.errors if name != "name"]:
            del form.errors[name]
        return _page(request, bound, status=400, preset_name=request.POST.get("name", ""), preset_form=form)
    name = form.cleaned_data["name"]
    services.save_preset(request.user, name, form.marks_values() | {"remove_location": form.cleaned_data["remove_location"]})
    messages.success(request, _("Preset “%(name)s” saved.") % {"name": name})
    return redirect(reverse("media:index") + "?" + urlencode({"preset": name}))


@login_required
@require_POST
def delete_preset(request):
    if services.delete_preset(request.user, request.POST.get("name", "")):
        messages.success(request, _("Preset deleted."))
    return redirect("media:index")
