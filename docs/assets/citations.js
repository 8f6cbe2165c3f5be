/* A citation's tooltip is its full reference, read from the page's reference list.
 *
 * The list holds every reference once; writing each into the title of every citation too
 * would double a paper's weight. This runs before the theme sets up its tooltips (it is
 * loaded after the theme's script, before the page has finished loading), so the theme
 * shows these titles like any other. Without scripts the citation still leads to the
 * reference. */
(function () {
  "use strict";
  var texts = {};
  function referenceText(id) {
    if (!(id in texts)) {
      var item = document.getElementById(id);
      if (!item) {
        texts[id] = "";
      } else {
        var copy = item.cloneNode(true);
        copy.querySelectorAll(".backlinks, .backlink").forEach(function (el) { el.remove(); });
        texts[id] = copy.textContent.replace(/\s+/g, " ").trim();
      }
    }
    return texts[id];
  }
  document.querySelectorAll("a.citation-link[href^='#']").forEach(function (link) {
    var text = link.title ? "" : referenceText(decodeURIComponent(link.hash.slice(1)));
    if (text) link.title = text;
  });
})();
