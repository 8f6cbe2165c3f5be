/* Previews of citations and concept links: the full reference or the definition, next to the link.
 *
 * Safe: a citation's preview is the text of its item in the page's reference list; a concept's
 * is the definition the build writes into the link's data-definition attribute. Both are set
 * with createTextNode, never parsed as HTML, so a title or definition holding markup shows it
 * as characters and cannot run script. The links carry no title, so the theme's tooltips leave
 * them alone. Without script they lead to the reference or to the concept page.
 *
 * On screen: the preview opens below its link, or above it when there is more room there, and
 * is kept inside the viewport sideways; when neither side holds all of it, it scrolls.
 *
 * WCAG 1.4.13 (content on hover or focus): it opens on hover and on keyboard focus, stays while
 * the pointer is over the link or the preview, closes with Esc, and on a touch screen the first
 * tap opens it and the second follows the link. The link is described by it (role="tooltip",
 * aria-describedby) while it is open.
 *
 * One set of listeners on the document serves every link, including links added later. */
(function () {
  "use strict";
  var LINKS = "a.citation-link[href^='#'], a.concept-link[data-definition]";
  var GAP = 6;            // px between link and preview
  var MARGIN = 8;         // px kept free at the viewport's edges
  var OPEN_DELAY = 100;   // ms: a pointer passing over a link does not flash its preview
  var CLOSE_DELAY = 300;  // ms: time to move the pointer from the link onto the preview
  var box = null;         // the one preview element, made on first use
  var current = null;     // the link whose preview is open
  var armed = null;       // the link a first tap opened: the next tap on it follows it
  var dismissed = null;   // the link whose preview Esc closed: not reopened until left
  var hovered = false, focused = false, openTimer = 0, closeTimer = 0, lastPointer = "";

  function linkOf(node) {
    var el = node && node.nodeType === 1 ? node : node && node.parentElement;
    return el && el.closest ? el.closest(LINKS) : null;
  }

  /* Focus from the keyboard, not from a click or a tap (which the pointer handlers answer). */
  function keyboardFocus(el) {
    try { return el.matches(":focus-visible"); } catch (e) { return true; }   // browsers before :focus-visible
  }

  function inBox(node) {
    return !!(box && node && box.contains(node));
  }

  /* The reference list item's text as nodes: text stays text, italics stay italic, back-links go. */
  function referenceNodes(item) {
    var out = document.createDocumentFragment();
    var walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent.closest(".backlink, .backlinks")) continue;
      var text = document.createTextNode(node.nodeValue.replace(/\s+/g, " "));
      var italic = parent.closest("em, i");
      if (italic && italic !== item && item.contains(italic)) {
        var em = document.createElement("em");
        em.appendChild(text);
        text = em;
      }
      out.appendChild(text);
    }
    return out;
  }

  /* What the preview of ``link`` says, or null when there is nothing to show. */
  function content(link) {
    if (link.classList.contains("concept-link")) {
      var definition = link.getAttribute("data-definition");
      return definition ? document.createTextNode(definition) : null;
    }
    var id;
    try { id = decodeURIComponent(link.hash.slice(1)); } catch (e) { return null; }
    var item = document.getElementById(id);
    return item ? referenceNodes(item) : null;
  }

  function hint(link) {
    return link.classList.contains("concept-link") ? "Tap the link again to open the concept’s page."
                                                   : "Tap the link again to go to the reference.";
  }

  function ensureBox() {
    if (box && box.isConnected) return box;
    box = document.createElement("div");
    box.id = "link-preview";
    box.className = "link-preview";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    (document.querySelector("main") || document.body).appendChild(box);
    box.addEventListener("pointerenter", function () { hovered = true; cancelClose(); });
    box.addEventListener("pointerleave", function (e) {
      if (e.pointerType !== "touch" && linkOf(e.relatedTarget) !== current) { hovered = false; scheduleClose(); }
    });
    return box;
  }

  function open(link, byTouch) {
    clearTimeout(openTimer);
    cancelClose();
    var body = content(link);
    if (!body) return;
    if (current && current !== link) close();
    ensureBox();
    box.textContent = "";
    var text = document.createElement("span");
    text.className = "link-preview__text";
    text.appendChild(body);
    box.appendChild(text);
    if (byTouch) {
      var note = document.createElement("span");
      note.className = "link-preview__hint";
      note.appendChild(document.createTextNode(hint(link)));
      box.appendChild(note);
    }
    current = link;
    link.setAttribute("aria-describedby", box.id);
    box.hidden = false;
    place();
  }

  function close() {
    clearTimeout(openTimer);
    cancelClose();
    if (current && current.getAttribute("aria-describedby") === box.id) current.removeAttribute("aria-describedby");
    if (box) box.hidden = true;
    current = armed = null;
    hovered = focused = false;
  }

  function scheduleClose() {
    cancelClose();
    closeTimer = setTimeout(function () { if (!hovered && !focused) close(); }, CLOSE_DELAY);
  }

  function cancelClose() {
    clearTimeout(closeTimer);
  }

  /* Below the link when it fits, else on the side with more room; inside the viewport sideways. */
  function place() {
    if (!current || !box || box.hidden) return;
    var r = current.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    if (r.bottom < 0 || r.top > vh) { close(); return; }    // scrolled out of sight
    box.style.maxWidth = "min(30rem, " + (vw - 2 * MARGIN) + "px)";
    box.style.maxHeight = "";
    box.style.left = "0px";
    box.style.top = "0px";
    var w = box.offsetWidth, h = box.offsetHeight;
    var below = vh - MARGIN - r.bottom - GAP, above = r.top - GAP - MARGIN;
    var up = h > below && above > below;
    var room = Math.max(up ? above : below, 0);
    if (h > room) {
      box.style.maxHeight = room + "px";
      h = room;
    }
    box.style.top = (up ? r.top - GAP - h : r.bottom + GAP) + "px";
    box.style.left = Math.max(MARGIN, Math.min(r.left, vw - MARGIN - w)) + "px";
    box.setAttribute("data-side", up ? "above" : "below");
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    if (current && !inBox(e.target) && linkOf(e.target) !== current) close();   // a tap or click elsewhere
  }, true);

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var link = linkOf(e.target);
    if (!link) return;
    if (link === current) {
      hovered = true;
      cancelClose();
    } else if (link !== dismissed) {
      clearTimeout(openTimer);
      openTimer = setTimeout(function () { open(link, false); hovered = current === link; }, OPEN_DELAY);
    }
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var link = linkOf(e.target);
    if (!link || linkOf(e.relatedTarget) === link) return;   // still on the link
    clearTimeout(openTimer);
    if (link === dismissed) dismissed = null;
    if (link === current && !inBox(e.relatedTarget)) {
      hovered = false;
      scheduleClose();
    }
  });

  document.addEventListener("focusin", function (e) {
    var link = linkOf(e.target);
    if (!link || !keyboardFocus(link) || link === dismissed) return;
    if (link !== current) open(link, false);
    focused = true;
  });

  document.addEventListener("focusout", function (e) {
    var link = linkOf(e.target);
    if (link === dismissed) dismissed = null;
    if (link && link === current) {
      focused = false;
      if (!hovered && !armed) close();
    }
  });

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && current) {
      dismissed = current;
      close();
    }
  });

  document.addEventListener("click", function (e) {
    var link = linkOf(e.target);
    if (!link) return;
    var kind = typeof e.pointerType === "string" && e.pointerType ? e.pointerType : lastPointer;
    if (kind !== "touch" || e.detail === 0) {           // mouse and keyboard follow the link at once
      close();
      return;
    }
    if (armed === link) {                                 // the second tap goes on
      close();
      return;
    }
    e.preventDefault();
    open(link, true);
    if (current === link) armed = link;
  });

  var pending = false;
  function replace() {
    if (pending || !current) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; place(); });
  }
  window.addEventListener("scroll", replace, {passive: true});
  window.addEventListener("resize", replace);
})();
