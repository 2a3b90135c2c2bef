"""Helpers of `make docs`, run with the docs virtual environment's Python.

``python docsite.py rst COLLECTION CHECKOUT`` writes the RST pages of the collection docsite's guides into
COLLECTION/docs/docsite/rst/ (COLLECTION is a copy of the installed collection, never the checkout): the guides are
the Markdown files docs/<name>.md that docs/docsite/extra-docs.yml lists, and stay their only source. Every heading
gets a label under the prefix antsibull-docs requires, a link to another guide (or to a heading in one) becomes a
reference to that label, and a relative link to any other file of the repository becomes a link to it on GitHub
(edit_on_github in docs/docsite/links.yml). A link to a heading that does not exist, or to a file that is not in
the checkout CHECKOUT (the tarball leaves out some of the repository's files), is an error.

``python docsite.py check-log LOG`` fails when the Sphinx warning file LOG has any warning or error but an
intersphinx inventory that cannot be fetched (the build machine may have no internet access) and, when the Ansible
documentation's inventory is among them, the references to it that therefore stay unresolved.
"""

import json
import os
import posixpath
import re
import sys
from urllib.parse import urlsplit

import yaml

LABEL_PREFIX = "ansible_collections.cloudfleet.openstack.docsite."
ANSIBLE_TAG = re.compile(r"!(unsafe|vault)\b")
# Sphinx's messages when it cannot fetch an inventory of intersphinx_mapping: a warning per mapping, followed by one
# line per location it tried (the URL, and the local file conf.py names as the fallback).
UNREACHABLE_WARNING = re.compile(r"^WARNING: failed to reach any of the inventories with the following issues:$")
UNREACHABLE_LOCATION = re.compile(r"^intersphinx inventory '[^']+' not (fetchable|readable) due to .*$")
# The Ansible documentation's inventory (ansible_devel) resolves the references the generated plugin pages make to
# it: labels outside this collection (common_return_values, ansible_configuration_settings, ansible.builtin's
# pages) and ansible-core's environment variables (ANSIBLE_*, from doc fragments such as the inventory cache's).
# Without that inventory they are unresolved; a reference into this collection never is.
ANSIBLE_DOCS_INVENTORY = re.compile(r"^intersphinx inventory 'https://docs\.ansible\.com/[^']*objects\.inv' not fetchable")
NEEDS_ANSIBLE_DOCS = (
    re.compile(r"^\S+:\d+: WARNING: undefined label: '(?!ansible_collections\.cloudfleet\.openstack\.)[^']+' \[ref\.ref\]$"),
    re.compile(r"^\S+:\d+: WARNING: 'envvar' reference target not found: ANSIBLE_[A-Z0-9_]+ \[ref\.envvar\]$"),
)


def guides_of(collection):
    with open(os.path.join(collection, "docs", "docsite", "extra-docs.yml"), encoding="utf-8") as handle:
        index = yaml.safe_load(handle)
    names = []
    for section in index["sections"]:
        for entry in section["toctree"]:
            names.append(entry if isinstance(entry, str) else entry["ref"])
    return names


def github_base(collection):
    with open(os.path.join(collection, "docs", "docsite", "links.yml"), encoding="utf-8") as handle:
        edit = yaml.safe_load(handle)["edit_on_github"]
    return "https://github.com/%s" % edit["repository"], edit["branch"]


def label(guide, anchor=None):
    name = LABEL_PREFIX + guide.replace("-", "_")
    return name if anchor is None else "%s.%s" % (name, anchor)


def stringify(inlines):
    text = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind in ("Str", "RawInline"):
            text.append(content if kind == "Str" else content[1])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            text.append(" ")
        elif kind in ("Code", "Math"):
            text.append(content[1])
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            text.append(stringify(content))
        elif kind in ("Link", "Span", "Quoted", "Cite"):
            text.append(stringify(content[1]))
    return "".join(text)


def walk(node, visit):
    """Call visit on every element (dict with "t") below node, children first; visit may return a replacement."""
    if isinstance(node, list):
        for index, child in enumerate(node):
            node[index] = walk(child, visit)
        return node
    if isinstance(node, dict):
        if "c" in node:
            walk(node["c"], visit)
        if "t" in node:
            replacement = visit(node)
            if replacement is not None:
                return replacement
    return node


def convert(pypandoc, collection, checkout, guides, guide, anchors, titles, errors):
    source = os.path.join(collection, "docs", guide + ".md")
    ast = json.loads(pypandoc.convert_file(source, "json", format="gfm"))
    base, branch = github_base(collection)
    first = []

    def target_of(url):
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            return None
        path, anchor = parts.path, parts.fragment or None
        if not path:
            other = guide
        else:
            resolved = posixpath.normpath(posixpath.join("docs", path))
            match = re.fullmatch(r"docs/([^/]+)\.md", resolved)
            if not match or match.group(1) not in guides:
                if not os.path.exists(os.path.join(checkout, resolved)):
                    errors.append("docs/%s.md: link %r: %s is not in the repository" % (guide, url, resolved))
                kind = "tree" if os.path.isdir(os.path.join(checkout, resolved)) else "blob"
                return "%s/%s/%s/%s%s" % (base, kind, branch, resolved, "#" + anchor if anchor else "")
            other = match.group(1)
        if anchor is None:
            return ("ref", label(other))
        if anchor not in anchors[other]:
            errors.append("docs/%s.md: link %r: docs/%s.md has no heading with the anchor %r" % (guide, url, other, anchor))
            return ("ref", label(other))
        return ("ref", anchors[other][anchor])

    def visit(node):
        if node["t"] in ("Strong", "Emph"):
            # RST cannot nest inline markup: **`name`** becomes a bold name.
            node["c"] = [{"t": "Str", "c": item["c"][1]} if item["t"] == "Code" else item for item in node["c"]]
        elif node["t"] == "CodeBlock" and "yaml" in node["c"][0][1] and ANSIBLE_TAG.search(node["c"][1]):
            # The linter checks yaml blocks with a plain YAML loader, which rejects Ansible's tags (!unsafe, !vault).
            node["c"][0][1] = ["yaml+jinja" if name == "yaml" else name for name in node["c"][0][1]]
        elif node["t"] == "Header":
            node["c"][1][0] = anchors[guide][node["c"][1][0]]
            first.append(node)
        elif node["t"] == "Link":
            text = stringify(node["c"][1])
            url = node["c"][2][0]
            target = target_of(url)
            if isinstance(target, tuple):
                if text == url and target[1] in titles:
                    # [waldur-inventory.md](waldur-inventory.md): the page's title instead of its file name
                    text = titles[target[1]]
                escaped = text.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
                return {"t": "RawInline", "c": ["rst", ":ref:`%s <%s>`" % (escaped, target[1])]}
            node["c"][1] = [{"t": "Str", "c": text}]
            if target is not None:
                node["c"][2][0] = target
        return None

    walk(ast["blocks"], visit)
    rst = pypandoc.convert_text(json.dumps(ast), "rst", format="json", extra_args=["--columns=118"])
    # The page's "Edit on GitHub" opens the Markdown guide.
    return ".. Generated by make docs from docs/%s.md: edit that file.\n\n:github_url: %s/edit/%s/docs/%s.md\n\n%s" % (
        guide, base, branch, guide, rst)


def headings(pypandoc, collection, guide):
    """The GitHub anchors of a guide's headings, each mapped to its label (the first heading: the guide's), and the
    guide's title."""
    ast = json.loads(pypandoc.convert_file(os.path.join(collection, "docs", guide + ".md"), "json", format="gfm"))
    anchors, title = {}, None
    for block in ast["blocks"]:
        if block["t"] == "Header":
            anchor = block["c"][1][0]
            anchors[anchor] = label(guide) if not anchors else label(guide, anchor)
            title = title or stringify(block["c"][2])
    return anchors, title


def write_rst(collection, checkout):
    import pypandoc  # pylint: disable=import-outside-toplevel

    guides = guides_of(collection)
    found = {guide: headings(pypandoc, collection, guide) for guide in guides}
    anchors = {guide: found[guide][0] for guide in guides}
    titles = {label(guide): found[guide][1] for guide in guides}
    errors = []
    pages = {guide: convert(pypandoc, collection, checkout, guides, guide, anchors, titles, errors) for guide in guides}
    if errors:
        sys.exit("\n".join(errors))
    target = os.path.join(collection, "docs", "docsite", "rst")
    os.makedirs(target, exist_ok=True)
    for guide, rst in pages.items():
        with open(os.path.join(target, guide + ".rst"), "w", encoding="utf-8") as handle:
            handle.write(rst)
    print("Wrote the RST of %d guides into %s" % (len(pages), target))


def check_log(path):
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip() for line in handle if line.strip()]
    offline = any(ANSIBLE_DOCS_INVENTORY.match(line) for line in lines)
    ignored, problems = [], []
    for line in lines:
        if UNREACHABLE_WARNING.match(line) or UNREACHABLE_LOCATION.match(line):
            ignored.append(line)
        elif offline and any(pattern.match(line) for pattern in NEEDS_ANSIBLE_DOCS):
            ignored.append(line)
        else:
            problems.append(line)
    if ignored:
        print("Ignored %d lines of Sphinx warnings: intersphinx inventories that cannot be fetched%s"
              % (len(ignored), ", and references only the Ansible documentation's inventory resolves" if offline else ""))
    if problems:
        sys.exit("Sphinx reported:\n" + "\n".join(problems))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "rst":
        write_rst(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "check-log":
        check_log(sys.argv[2])
    else:
        sys.exit("usage: docsite.py rst COLLECTION CHECKOUT | check-log LOG")
