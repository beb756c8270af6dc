from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form on the site, ours and allauth's, renders through the same two templates."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
