"""Run every benchmark in bench/ in turn: `make bench` (or `python bench/run.py`)."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
scripts = sorted(p for p in here.glob("*.py") if p.name not in {"run.py", "common.py"} and not p.name.startswith("_"))
failed = 0
for script in scripts:
    print(f"== {script.name} ==", flush=True)
    failed += subprocess.call([sys.executable, str(script), *sys.argv[1:]]) != 0
sys.exit(1 if failed else 0)
