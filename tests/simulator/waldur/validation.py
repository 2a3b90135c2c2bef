"""Request-body validation with DRF's messages: simple bodies are declared as field specs, all errors at once."""

import datetime
import re

from ..server import ApiError
from .refs import REQUIRED, Invalid, resolve

BLANK = "This field may not be blank."
NOT_NULL = "This field may not be null."
LABEL = re.compile(r"^[A-Za-z0-9-]{1,63}$")


class Field:
    """Validates one value; ``clean`` returns the value to store or raises Invalid."""

    def __init__(self, required=False, allow_null=False):
        self.required = required
        self.allow_null = allow_null

    def clean(self, value):
        return value


class Text(Field):
    def __init__(self, max_length, allow_blank=True, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.allow_blank = allow_blank

    def clean(self, value):
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise Invalid("Not a valid string.")
        value = str(value)
        if not value.strip() and not self.allow_blank:
            raise Invalid(BLANK)
        if len(value) > self.max_length:
            raise Invalid("Ensure this field has no more than %d characters." % self.max_length)
        return value


class Name(Text):
    """Object names: 1-150 characters with at least one that is not whitespace."""

    def __init__(self, **kwargs):
        super().__init__(150, allow_blank=False, **kwargs)

    def clean(self, value):
        if isinstance(value, str) and value and not value.strip():
            raise Invalid("Ensure that name has at least one non-whitespace character.")
        return super().clean(value)


class Boolean(Field):
    TRUE = (True, "true", "True", "1", 1)
    FALSE = (False, "false", "False", "0", 0)

    def clean(self, value):
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise Invalid("Must be a valid boolean.")


class Integer(Field):
    def __init__(self, min_value=None, max_value=2147483647, **kwargs):
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def clean(self, value):
        if isinstance(value, bool):
            raise Invalid("A valid integer is required.")
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise Invalid("A valid integer is required.") from exc
        if isinstance(value, float) and value != number:
            raise Invalid("A valid integer is required.")
        if self.min_value is not None and number < self.min_value:
            raise Invalid("Ensure this value is greater than or equal to %d." % self.min_value)
        if self.max_value is not None and number > self.max_value:
            raise Invalid("Ensure this value is less than or equal to %d." % self.max_value)
        return number


class DateTime(Field):
    def clean(self, value):
        if isinstance(value, str):
            try:
                parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is not None:
                if parsed.tzinfo is None:
                    parsed = parsed.replace(tzinfo=datetime.timezone.utc)
                return parsed.isoformat()
        raise Invalid("Datetime has wrong format. Use one of these formats instead: "
                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")


class JsonValue(Field):
    pass


class Reference(Field):
    """A hyperlink to a row of ``kind``; cleans to the row."""

    def __init__(self, store, kind, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.kind = kind

    def clean(self, value):
        return resolve(self.store, value, self.kind)


def require_object(body):
    if not isinstance(body, dict):
        raise ApiError(400, {"non_field_errors": ["Invalid data. Expected a dictionary, but got %s." % type(body).__name__]})
    return body


def parse(body, spec, partial=False):
    """Clean ``body`` against ``spec`` (name -> Field); unknown keys are ignored. Raise one 400 with every error."""
    require_object(body)
    cleaned, errors = {}, {}
    for name, field in spec.items():
        if name not in body:
            if field.required and not partial:
                errors[name] = [REQUIRED]
            continue
        value = body[name]
        if value is None:
            if field.allow_null:
                cleaned[name] = None
            else:
                errors[name] = [NOT_NULL]
            continue
        try:
            cleaned[name] = field.clean(value)
        except Invalid as exc:
            errors[name] = [exc.message]
    if errors:
        raise ApiError(400, errors)
    return cleaned


def instance_name_error(name):
    """Why ``name`` is not a valid DNS name (Waldur's instance name rule), or None when it is."""
    labels = (name[:-1] if name.endswith(".") else name).split(".")
    for label in labels:
        if not LABEL.match(label):
            return "Name '%s' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen" % label
        if label.startswith("-") or label.endswith("-"):
            return "Name '%s' must not start or end with a hyphen" % label
    if len(labels) > 1 and labels[-1].isdigit():
        return "TLD '%s' must not be all numeric" % labels[-1]
    return None


def validate_instance_name(name):
    """Raise the nested 400 Waldur gives for instance names that are not DNS names."""
    cleaned = parse({"name": name}, {"name": Name(required=True)})["name"]
    reason = instance_name_error(cleaned)
    if reason:
        raise ApiError(400, {"name": {"name": "'%s' not a valid PQDN or FQDN. Reason: %s" % (cleaned, reason)}})
    return cleaned
