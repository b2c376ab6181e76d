"""The one validator of typed plain text, attached to every text field of every model.

See ``text.py`` for which characters it refuses and why.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from cco_council.core.text import find_forbidden, is_line_break


@deconstructible(path="cco_council.core.validators.PlainTextValidator")
class PlainTextValidator:
    """Refuse control characters, noncharacters and, in one-line text, line breaks and tabs.

    ``multiline=True`` for text areas (TextField): tab, LF and CR are then allowed (browsers
    send a text area's line breaks as CR LF), and so are U+2028 and U+2029.
    """

    messages = {
        "line_break": (
            "This field holds a single line: remove the line break or tab at character "
            "%(position)s."
        ),
        "control_character": (
            "Remove the invisible control character %(code_point)s at character %(position)s: "
            "it cannot be shown, or sent in feeds and e-mails."
        ),
        "invalid_character": (
            "Remove the character %(code_point)s at character %(position)s: it is not a "
            "character that text may hold."
        ),
    }

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        match = find_forbidden(str(value), multiline=self.multiline)
        if match is None:
            return
        char = match.group()
        if is_line_break(char) and not self.multiline:
            code = "line_break"
        elif ord(char) <= 0x9F:
            code = "control_character"
        else:
            code = "invalid_character"
        raise ValidationError(
            self.messages[code],
            code=code,
            params={"position": match.start() + 1, "code_point": f"U+{ord(char):04X}"},
        )

    def __eq__(self, other):
        return isinstance(other, PlainTextValidator) and self.multiline == other.multiline

    def __hash__(self):
        return hash((PlainTextValidator, self.multiline))


# For CharField, SlugField, EmailField, URLField...: one line.
validate_single_line = PlainTextValidator()
# For TextField: several lines.
validate_multiline_text = PlainTextValidator(multiline=True)
