r"""Identifiers in free text: NHS numbers, UK phone numbers, postcodes and dates of birth.

:func:`reviewkit.anonymise` replaces each with a placeholder and the leak check
(:func:`reviewkit.publish.publication.leaks`) refuses any that remain:

- **NHS numbers**: ten digits written ``943 476 5919``, ``943-476-5919`` or ``9434765919``
  whose last digit is the mod-11 check digit of the first nine. A ten-digit number that fails
  the check is not an NHS number and is left alone (a case reference, an incident number).
- **UK phone numbers**, found by the ``phonenumbers`` library (Google's libphonenumber) with
  ``"GB"`` as the region: every number it finds valid, and also a number written the UK way
  (``0`` or ``+44`` then 9 or 10 more digits in up to three groups parted by single spaces)
  that it finds possible, so the fictional
  ranges kept for drama and examples (``07700 900123``) are found too. Short numbers, dates,
  times (``14:30``) and ``2/52`` are not phone numbers.
- **Postcodes**: the whole postcode, outward and inward code (``SW1A 1AA``, ``M1 1AE``,
  ``b33 8hx``), any case, with or without the space, matched by :data:`POSTCODE`. An outward
  code alone (``SW1A``) is not replaced, nor a colour (``#de77ae``). A lower-case inward code that reads as an ordinal
  (``Y6 2nd``) is not a postcode.
- **Dates of birth**: a date after ``DOB``, ``D.O.B.``, ``date of birth`` or ``born``
  (``DOB 03/08/2015``, ``D.O.B.: 3 August 2015``, ``born 03/08/2015``, ``born August 2015``).
  The date is replaced; a child's age written elsewhere stays.

Examples
--------
>>> hide_identifiers("NHS no 943 476 5919, tel 020 7946 0018, lives B33 8TH, DOB 03/08/2015")
'NHS no [NHS number], tel [phone number], lives [postcode], DOB [date of birth]'
>>> hide_identifiers("ref 9434765918 at 14:30 on 2/52")
'ref 9434765918 at 14:30 on 2/52'
"""

from __future__ import annotations

import re

import phonenumbers

#: The text that replaces each kind of identifier.
PLACEHOLDERS: dict[str, str] = {
    "nhs": "[NHS number]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "dob": "[date of birth]",
}

#: What each kind is called in a leak check's message.
KINDS: dict[str, str] = {
    "nhs": "the NHS number",
    "phone": "the phone number",
    "postcode": "the postcode",
    "dob": "the date of birth",
}

#: Ten digits, in groups of 3, 3 and 4 separated by a space or hyphen, or run together.
NHS_CANDIDATE = re.compile(r"(?<![\w/.-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w/-]|\.\d)")

#: A full UK postcode: outward code (area, district, optional sub-district letter), an optional
#: space, inward code (a digit and two letters, never C, I, K, M, O or V). After the
#: Government Data Standards Catalogue's postcode pattern; ``GIR 0AA`` included.
POSTCODE = re.compile(
    r"(?<![^\W_]|#)(?:GIR ?0AA|(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2}))(?![^\W_])",
    re.IGNORECASE,
)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}"
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?[\s-]+{_MONTH}(?:[\s,-]+\d{{4}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{4}}|\d{{8}})"
)

#: A date of birth: the label, then the date (group ``date``).
DATE_OF_BIRTH = re.compile(
    rf"(?<![^\W_])(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-–]?\s*"
    rf"(?P<date>{_DATE})(?![^\W_])",
    re.IGNORECASE,
)

_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")
_MANY_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")
_UK_WRITTEN = re.compile(r"(?<![\d+])(?:\+44 ?(?:\(0\) ?)?|0)\d{2,4} ?\d{3,4} ?\d{3,4}(?!\d)")


def nhs_check_digit_ok(digits: str) -> bool:
    """Whether ten digits end in the NHS mod-11 check digit of the first nine.

    The first nine digits are weighted 10 down to 2; 11 minus the remainder of their sum by
    11 is the check digit (11 counts as 0; 10 means no valid number has these nine digits).

    Examples
    --------
    >>> nhs_check_digit_ok("9434765919"), nhs_check_digit_ok("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    return (0 if check == 11 else check) == int(digits[9])


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """Every identifier in ``text`` as ``(start, end, kind)``, in order, none overlapping.

    ``kind`` is a key of :data:`PLACEHOLDERS`. Where two overlap the earlier (then the longer)
    is kept.

    Examples
    --------
    >>> find_identifiers("born 3 Aug 2015 at M1 1AE")
    [(5, 15, 'dob'), (19, 25, 'postcode')]
    """
    found = [(m.start("date"), m.end("date"), "dob") for m in DATE_OF_BIRTH.finditer(text)]
    found += [(m.start(), m.end(), "nhs") for m in NHS_CANDIDATE.finditer(text)
              if nhs_check_digit_ok("".join(m.groups()))]
    found += [(m.start(), m.end(), "postcode") for m in POSTCODE.finditer(text)
              if not (m.group(1) and _ORDINAL.fullmatch(m.group(1)))]
    if _MANY_DIGITS.search(text):
        found += [(start, end, "phone") for start, end in _phone_matches(text)]
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, kind))
    return kept


def hide_identifiers(text: str) -> str:
    """``text`` with every identifier replaced by its placeholder (:data:`PLACEHOLDERS`).

    Examples
    --------
    >>> hide_identifiers("Mum's mobile 07700 900123; D.O.B.: 3 August 2015 (age 2)")
    "Mum's mobile [phone number]; D.O.B.: [date of birth] (age 2)"
    """
    parts, last = [], 0
    for start, end, kind in find_identifiers(text):
        parts += [text[last:start], PLACEHOLDERS[kind]]
        last = end
    return "".join(parts) + text[last:] if parts else text


def identifiers_in(text: str) -> list[str]:
    """What a leak check says of each identifier in ``text``.

    Examples
    --------
    >>> identifiers_in("call 0161 496 0000 about 943-476-5919")
    ["the phone number '0161 496 0000'", "the NHS number '943-476-5919'"]
    """
    return [f"{KINDS[kind]} {text[start:end]!r}" for start, end, kind in find_identifiers(text)]


def _phone_matches(text: str) -> list[tuple[int, int]]:
    """Valid GB numbers, and possible ones written the UK way (see the module's docstring)."""
    found = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "GB")]
    for written in _UK_WRITTEN.finditer(text):  # possible numbers written the UK way
        try:
            number = phonenumbers.parse(written.group(0), "GB")
        except phonenumbers.NumberParseException:
            continue
        if (number.country_code == 44 and len(str(number.national_number)) in (9, 10)
                and phonenumbers.is_possible_number(number)):
            found.append((written.start(), written.end()))
    return found
