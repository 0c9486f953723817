// Builds the page from DOM nodes. A string given as a child becomes a text node and an attribute value is set as a
// value: nothing passed through here is ever parsed as markup, which is how a log line, a test name or a branch name
// a workflow controls stays text.

/**
 * h('a', { href: '/runs/1', class: 'run' }, 'Run ', name) -> <a href="/runs/1" class="run">Run {name}</a>
 * Props: class, text, on: { event: handler }, dataset: {...}; false/null/undefined props and children are skipped.
 */
export function h(tag, props, ...children) {
  const element = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(tag.indexOf(':') + 1))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'text') {
      element.textContent = String(value);
    } else if (name === 'href' && !safeHref(String(value))) {
      continue;
    } else {
      element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Puts the children in place of what the element holds. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A link the page may follow: its own paths, http and https; never javascript: or data:. */
export function safeHref(href) {
  if (href.startsWith('/') && !href.startsWith('//')) return true;
  try {
    const url = new URL(href, location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A path segment built from a name (a repository, a job key): encoded, so '../' or '?' in it stays part of the name. */
export const segment = (name) => encodeURIComponent(name);
