"""The few kustomize features deploy/k8s uses, for machines without kubectl.

kubectl (which carries kustomize) is not a Debian package; where it is installed the tests use
it and check that this gives the same objects (tests/integration/test_deploy_files.py). Only
what the overlays use: resources, namespace, labels (not in selectors), images, and patches
(strategic merge with lists of named items merged by name, or JSON 6902 "replace").
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = _merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if (
        isinstance(base, list)
        and isinstance(patch, list)
        and all(isinstance(x, dict) and "name" in x for x in base + patch)
    ):
        out_list = [dict(x) for x in base]
        for item in patch:
            at = next((i for i, x in enumerate(out_list) if x["name"] == item["name"]), None)
            if at is None:
                out_list.append(copy.deepcopy(item))
            else:
                out_list[at] = _merge(out_list[at], item)
        return out_list
    return copy.deepcopy(patch)


def _replace(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = [p for p in path.split("/") if p]
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value


def _images(doc: Any, images: list[dict[str, str]]) -> None:
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "image" and isinstance(value, str):
                name = value.split(":")[0]
                for image in images:
                    if image["name"] == name:
                        doc[key] = f"{image.get('newName', name)}:{image['newTag']}"
            else:
                _images(value, images)
    elif isinstance(doc, list):
        for item in doc:
            _images(item, images)


def build(folder: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = []
    for resource in spec.get("resources", []):
        path = folder / resource
        if path.is_dir():
            docs += build(path)
        else:
            docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    for group in spec.get("labels", []):
        for doc in docs:
            doc.setdefault("metadata", {}).setdefault("labels", {}).update(group["pairs"])
    for doc in docs:
        _images(doc, spec.get("images", []))
        if "namespace" in spec:
            doc["metadata"]["namespace"] = spec["namespace"]
    for patch in spec.get("patches", []):
        if "path" in patch:
            body = yaml.safe_load((folder / patch["path"]).read_text(encoding="utf-8"))
            for i, doc in enumerate(docs):
                if (doc["kind"], doc["metadata"]["name"]) == (
                    body["kind"], body["metadata"]["name"]
                ):  # fmt: skip
                    docs[i] = _merge(doc, body)
        else:
            target = patch["target"]
            for doc in docs:
                if doc["kind"] == target["kind"] and doc["metadata"]["name"] == target["name"]:
                    for op in yaml.safe_load(patch["patch"]):
                        if op["op"] != "replace":
                            raise NotImplementedError(f"JSON patch op {op['op']}")
                        _replace(doc, op["path"], op["value"])
    return docs
