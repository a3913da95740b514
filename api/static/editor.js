// The query editor: YASGUI served from this server, pointed at this endpoint, with our prefixes
// and research queries. Nothing is fetched from other sites: the autocompleters that call web
// services (prefix.cc, Linked Open Vocabularies) are left out and the endpoint list is ours alone.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("hrc-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).toString();
  var picker = document.getElementById("hrc-examples");

  if (typeof window.Yasgui === "undefined") {
    if (picker) {
      picker.addEventListener("change", function () {
        var ex = config.examples[picker.value];
        if (ex) { document.getElementById("hrc-query").value = ex.query; }
      });
    }
    return;
  }

  var Yasgui = window.Yasgui;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "hrcgraph-" + config.version_key,
    yasqe: {
      value: config.default_query,
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: null
    },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" }
  });
  window.hrcYasgui = yasgui;

  function show(query) {
    var tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.getYasqe().setValue(query);
  }
  var current = yasgui.getTab();
  if (current) {
    current.setEndpoint(endpoint);
    if (!current.getYasqe().getValue().trim()) { current.getYasqe().setValue(config.default_query); }
  }
  if (picker) {
    picker.addEventListener("change", function () {
      var ex = config.examples[picker.value];
      if (ex) { show(ex.query); }
    });
  }
})();
