# Sazón's image: multi-stage, non-root, CPU-only torch, no downloads at build or run time.
#
#   make image         # wheelhouse + Debian base (mmdebstrap) + podman build: sazon:latest
#   make test-deploy   # runs it: /healthz and a real API call (docs/operations.md, "Imagen")
#
# The build installs only from build/wheels (`make wheels`: every wheel Sazón needs, torch's
# CPU build among them), so it needs no network; BASE is any Debian bookworm with python3 and
# python3-venv: the registry's python:3.11-slim-bookworm where a registry is reachable, or
# the base `make image` builds from Debian packages where none is.

ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS build
COPY build/wheels /wheels
# --no-index: nothing comes from the network; a missing wheel fails the build here.
RUN python3 -m venv /opt/sazon \
 && /opt/sazon/bin/pip install --no-cache-dir --no-index --find-links /wheels sazon \
 && /opt/sazon/bin/pip install --no-cache-dir --no-index --no-deps --find-links /wheels quixstreams \
 && /opt/sazon/bin/python -c "import torch; assert torch.version.cuda is None, torch.version.cuda"

FROM ${BASE}
# Debian's Chromium prints the kitchen sheet and the menu card as PDF (sazon.web.pdf); without
# it those answer 503. The mmdebstrap base (scripts/image.sh) already includes it, so that
# build stays offline; a registry base gets it from Debian's mirror here. Not pinned: the
# version is whatever the base's Debian release carries (security updates included).
# hadolint ignore=DL3008
RUN command -v chromium >/dev/null \
 || (apt-get update \
     && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
     && rm -rf /var/lib/apt/lists/*)
RUN useradd --system --uid 10001 --home-dir /var/lib/sazon --create-home sazon
COPY --from=build /opt/sazon /opt/sazon
ENV PATH=/opt/sazon/bin:$PATH \
    SAZON_HOME=/var/lib/sazon \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
USER 10001
WORKDIR /var/lib/sazon
# 8000: sazon serve (API, web, /metrics); 9464: sazon worker --metrics-port.
EXPOSE 8000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
CMD ["sazon", "serve", "--host", "0.0.0.0", "--port", "8000"]
