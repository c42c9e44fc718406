import os
import sys
from pathlib import Path

os.environ.setdefault("BQA_STRICT_ERRORS", "1")  # an engine defect fails the tests instead of becoming a no-answer

sys.path.insert(0, str(Path(__file__).parent))  # tests/docgen.py is importable as `docgen`
