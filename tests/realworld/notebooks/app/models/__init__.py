from .base import Base
from .notebooks import Notebook
from .notes import Note
from .schema import NotebookSchema, NoteSchema
