# Sazón's image: multi-stage, non-root, CPU-only torch, no downloads at run time.
# Not built in this session (issue #18 item 4 is pending: no container registry is reachable
# here, the base has to be built from Debian packages first); linted with hadolint in tests.
# Build: docker build -t sazon:latest .   Run: see deploy/compose.yaml and docs/operations.md.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PIP_CONSTRAINT=/src/constraints.txt
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
# The CPU wheel of torch (constraints.txt pins it; the CPU index has no CUDA packages).
RUN python -m venv /opt/sazon \
 && /opt/sazon/bin/pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && /opt/sazon/bin/pip install . \
 && /opt/sazon/bin/python -c "import torch; assert torch.version.cuda is None"

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --home-dir /var/lib/sazon --create-home sazon
COPY --from=build /opt/sazon /opt/sazon
ENV PATH=/opt/sazon/bin:$PATH \
    SAZON_HOME=/var/lib/sazon \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
USER 10001
WORKDIR /var/lib/sazon
EXPOSE 8000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
CMD ["sazon", "serve", "--host", "0.0.0.0", "--port", "8000"]
