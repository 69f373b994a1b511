"""docengine: Thai official correspondence, drafted, numbered, rendered and tracked.

The package follows the data flow of a document:

    records/   read input files (YAML/JSON letters, CSV/XLSX people)
    models/    validate them into domain objects (Letter, Person …)
    thai/      Thai formatting: digits, Buddhist-era dates, baht text, citizen IDs
    render/    template sets → HTML → PDF (WeasyPrint) and DOCX (docxtpl)
    register/  the saraban's books: numbers, receipts, endorsements, chains
    allowance/ welfare-allowance rules (cohorts, rates) used by the forms and notices
    cli/       the ``docengine`` command
"""

__version__ = "0.1.0"
