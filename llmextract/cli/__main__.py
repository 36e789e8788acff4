"""``python -m llmextract.cli``."""

import sys

from llmextract.cli import main

sys.exit(main())
