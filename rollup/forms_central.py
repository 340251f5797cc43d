"""The central installation's forms: a province to follow with its public key, another key for
it, and the snapshot files to import."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.widgets import FileWidget

from . import signing
from .models import FollowedProvince
from .provinces import current_provinces, old_provinces

# A PEM public key is a few hundred bytes; anything much larger is not one.
MAX_KEY_FILE_BYTES = 64 * 1024


def province_choices():
    """Both maps, each in its own group, each province labelled with its map."""
    old = _("old map, years up to 2024")
    return [
        ("", _("— Choose a province —")),
        (
            _("34 provinces (from 1/7/2025)"),
            [(f"current:{p.code}", f"{p.name} ({p.code})") for p in current_provinces()],
        ),
        (
            _("63 provinces before 1/7/2025, for years up to 2024"),
            [(f"old:{p.code}", f"{p.name} ({p.code}, {old})") for p in old_provinces()],
        ),
    ]


class PublicKeyForm(forms.Form):
    """A public key, pasted as PEM text or uploaded as a .pem file."""

    public_key = forms.CharField(
        label=_("Public key (PEM)"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "class": "font-monospace small",
                "placeholder": "-----BEGIN PUBLIC KEY-----",
                "spellcheck": "false",
            }
        ),
        help_text=_(
            "Paste the key the province sent (its page «Send figures to the centre» downloads "
            "it), or choose its .pem file below."
        ),
    )
    key_file = forms.FileField(
        label=_("or the key file (.pem)"),
        required=False,
        widget=FileWidget(attrs={"accept": ".pem,.pub,.txt"}),
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("public_key") or "").strip()
        uploaded = cleaned.get("key_file")
        if uploaded is not None:
            if uploaded.size > MAX_KEY_FILE_BYTES:
                self.add_error("key_file", _("This file is too large to be a public key."))
                return cleaned
            try:
                text = uploaded.read().decode("ascii").strip()
            except UnicodeDecodeError:
                self.add_error("key_file", _("This file is not a public key in PEM format."))
                return cleaned
        if not text:
            raise ValidationError(_("Paste the province's public key or choose its file."))
        try:
            signing.load_public_key(text)
        except ValueError as exc:
            self.add_error("key_file" if uploaded is not None else "public_key", str(exc))
            return cleaned
        cleaned["pem"] = text
        return cleaned


class ProvinceRegisterForm(PublicKeyForm):
    province = forms.ChoiceField(label=_("Province"), choices=province_choices)

    field_order = ["province", "public_key", "key_file"]

    def clean_province(self):
        map_, _sep, code = self.cleaned_data["province"].partition(":")
        return FollowedProvince.Map(map_), code


class MultipleFileInput(FileWidget):
    """The project's file input (in the page's language), several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern): the list of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]


class SnapshotUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Snapshot files (.json)"),
        widget=MultipleFileInput(attrs={"accept": ".json,application/json"}),
        help_text=_("You may choose several files at once; each is checked on its own."),
        error_messages={"required": _("Choose at least one file.")},
    )
