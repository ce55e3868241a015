"""A school's own lists in: its 3e pupils and their guardians, from its exports.

Every collège keeps its pupils and their guardians in its administration
software (Siècle), which exports them as XML; :func:`read_siecle` reads those
exports, :func:`read_csv` a plain CSV file for schools that keep their lists
elsewhere.  Both give a :class:`SchoolList`: the pupils that can be opened,
and every line or pupil that cannot, located and worded in French.  Opening
their dossiers is the store's business (:func:`orientation_core.store.import_list`).

The files come from outside the program: they are read bounded in size
(:data:`MAX_FILE_BYTES`, zipped or not) and parsed with defusedxml, which
refuses DTDs, entities and external references.
"""

from orientation_core.roster._csv import CSV_COLUMNS, CSV_REQUIRED, read_csv
from orientation_core.roster._files import MAX_FILE_BYTES, MAX_ZIP_MEMBERS, Source
from orientation_core.roster._list import ListEntry, SchoolList
from orientation_core.roster._siecle import THIRD_YEAR_MEF, read_siecle

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "MAX_FILE_BYTES",
    "MAX_ZIP_MEMBERS",
    "THIRD_YEAR_MEF",
    "ListEntry",
    "SchoolList",
    "Source",
    "read_csv",
    "read_siecle",
]
