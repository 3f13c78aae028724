#!/usr/bin/env bash
# Create the peer tagger's own virtual environment and install spacy + negspacy into it.
#   bash benchmarks/peer_negspacy/setup.sh [VENV]     (default VENV: /work/peer-venv)
# Benchmark-only: reviewkit itself never imports spacy or negspacy.
set -euo pipefail
venv="${1:-/work/peer-venv}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install -r "$here/requirements.txt"
"$venv/bin/python" -c "import spacy, negspacy.negation, negspacy.termsets; print('spacy', spacy.__version__, 'ready in $venv')"
