"""Read an admin page's form the way a browser would submit it, so tests post what staff would post."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects name/value pairs of the successful controls inside the form with `form_id`."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name") or ""
        if tag == "input" and name:
            self._input(name, attributes)
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def _input(self, name: str, attributes: dict) -> None:
        kind = attributes.get("type", "text")
        if kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attributes:
                self.pairs.append((name, attributes.get("value", "on")))
            return
        self.pairs.append((name, attributes.get("value", "")))

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [option for option in options if option["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a single select submits its first option when none is marked
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.pairs.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>; Django's widget writes one there.
            self.pairs.append((self._textarea["name"], self._textarea["text"].removeprefix("\n")))
            self._textarea = None


def form_data(response, form_id: str) -> dict[str, str | list[str]]:
    """The data a browser would submit from the form `form_id` of `response`, without inline templates."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.pairs, f"no form #{form_id} on the page"
    data: dict[str, str | list[str]] = {}
    for name, value in reader.pairs:
        if "__prefix__" in name:
            continue  # the hidden "add another" row templates are not submitted rows
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data
