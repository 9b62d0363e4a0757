"""``python -m assessment.i18n``: compile the message catalogues that changed."""

from assessment.i18n import compile_catalogues

for path in compile_catalogues():
    print(f"compiled {path}")
