#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (pick an Ubuntu
# 22.04 or later base image: cnncalc needs Python 3.10 or later). It installs cnncalc into its
# own virtual environment, /opt/cnncalc, and checks that the questions load.
set -euo pipefail

# EDIT: where your course gets cnncalc. Pin a tag or a commit so that every submission of the
# term is checked the same way. A wheel (cnncalc-*.whl) put in the autograder zip wins over it.
CNNCALC_SOURCE="cnncalc @ git+https://github.com/YOUR-ORG/cnncalc.git@main"

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip git ca-certificates

python3 -m venv /opt/cnncalc
/opt/cnncalc/bin/python -m pip install --quiet --upgrade pip
shopt -s nullglob
wheels=(/autograder/source/cnncalc-*.whl)
if ((${#wheels[@]})); then
    /opt/cnncalc/bin/python -m pip install --quiet "${wheels[0]}"
else
    /opt/cnncalc/bin/python -m pip install --quiet "$CNNCALC_SOURCE"
fi

# Fail the image build, not every submission, when the questions file does not load.
/opt/cnncalc/bin/cnncalc check /autograder/source/questions.yaml --key > /dev/null
