"""Bring the translation catalogues in step with the messages the code and notebooks use.

Usage: ``.venv/bin/python scripts/update_catalogue.py`` — adds new messages (untranslated, to be
filled in), marks unused ones obsolete, and lists both. ``tests/test_i18n.py`` fails while any
message in use has no translation.
"""

from pkanalysis.i18n import LANGUAGES
from pkanalysis.messages import update_catalogue


def main() -> None:
    for lang in LANGUAGES:
        if lang == "en":
            continue  # the messages are English sentences
        added, obsolete = update_catalogue(lang)
        print(f"{lang}: {len(added)} new message(s) to translate, {len(obsolete)} obsolete")
        for message in added:
            print(f"  + {message}")
        for message in obsolete:
            print(f"  - {message}")


if __name__ == "__main__":
    main()
