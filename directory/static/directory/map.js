/* Maps of the directory, drawn with Leaflet over server-rendered pages that work without them.
 *
 * <div data-map="collection" data-geojson-url="..."> plots the GeoJSON of the filtered directory;
 * <div data-map="point" data-lat=".." data-lng=".." data-name=".."> shows one organization.
 * Both read the tile server from data-tile-url / data-tile-attribution and report trouble in the
 * element named by data-notice, so the page stays usable when tiles or the data cannot load.
 */
(function () {
  "use strict";

  var MOSCOW = [55.7558, 37.6173];

  function notice(element, text) {
    var target = document.getElementById(element.dataset.notice || "");
    if (!target) { return; }
    target.textContent = text || "";
    target.hidden = !text;
  }

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false }).setView(MOSCOW, 10);
    var tiles = L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: element.dataset.tileAttribution || ""
    });
    var failures = 0;
    tiles.on("tileerror", function () {
      failures += 1;
      if (failures === 3) { notice(element, element.dataset.textTilesFailed); }
    });
    tiles.addTo(map);
    return map;
  }

  // Names come from users: build popups from text nodes, never from HTML strings.
  function popup(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement(properties.url ? "a" : "strong");
    if (properties.url) { title.href = properties.url; }
    title.textContent = properties.name;
    box.appendChild(title);
    var meta = document.createElement("div");
    meta.textContent = [properties.kind, properties.address].filter(Boolean).join(" · ");
    box.appendChild(meta);
    return box;
  }

  function marker(latlng, verified) {
    return L.circleMarker(latlng, {
      radius: 6,
      weight: 1,
      color: "#8a0e22",
      fillColor: verified ? "#b3122d" : "#ffffff",
      fillOpacity: 0.9
    });
  }

  function collection(element) {
    var map = baseMap(element);
    notice(element, "");
    fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) { return marker(latlng, feature.properties.verified); },
          onEachFeature: function (feature, item) { item.bindPopup(popup(feature.properties)); }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 }); }
        if (data.truncated) { notice(element, element.dataset.textTruncated); }
      })
      .catch(function () { notice(element, element.dataset.textFailed); });
  }

  function point(element) {
    var latlng = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    if (isNaN(latlng[0]) || isNaN(latlng[1])) { return; }
    var map = baseMap(element);
    notice(element, "");
    map.setView(latlng, 15);
    marker(latlng, true).addTo(map).bindPopup(popup({ name: element.dataset.name, address: element.dataset.address }));
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function start() {
    printButtons();
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-map]").forEach(function (element) {
      element.hidden = false;
      if (element.dataset.map === "collection") { collection(element); }
      if (element.dataset.map === "point") { point(element); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
