// The consoles' only script, and none of them needs it to work: it makes live views live and
// lets a map be clicked. A page with data-live="<url>" listens to that Server-Sent Events URL;
// each event is {text: {id: text}, fill: {id: colour}, width: {id: number}} and sets those
// elements. An SVG with data-pick="circle" fills the circle-centre fields when clicked.
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (live && window.EventSource) {
    var source = new EventSource(live.getAttribute("data-live"));
    source.onmessage = function (event) {
      var update = JSON.parse(event.data);
      var set = function (map, apply) {
        Object.keys(map || {}).forEach(function (id) {
          var element = document.getElementById(id);
          if (element) { apply(element, map[id]); }
        });
      };
      set(update.text, function (element, value) { element.textContent = value; });
      set(update.fill, function (element, value) { element.setAttribute("fill", value); });
      set(update.width, function (element, value) { element.setAttribute("width", value); });
      live.setAttribute("data-updates", String(Number(live.getAttribute("data-updates") || "0") + 1));
    };
  }
  var map = document.querySelector("svg[data-pick=circle]");
  if (map) {
    map.addEventListener("click", function (event) {
      var box = map.getBoundingClientRect();
      var view = map.viewBox.baseVal;
      var x = (event.clientX - box.left) / box.width * view.width;
      var y = (event.clientY - box.top) / box.height * view.height;
      var margin = Number(map.getAttribute("data-margin"));
      var minLat = Number(map.getAttribute("data-min-lat")), maxLat = Number(map.getAttribute("data-max-lat"));
      var minLon = Number(map.getAttribute("data-min-lon")), maxLon = Number(map.getAttribute("data-max-lon"));
      var lon = minLon + (x - margin) / (view.width - 2 * margin) * (maxLon - minLon);
      var lat = maxLat - (y - margin) / (view.height - 2 * margin - 30) * (maxLat - minLat);
      document.getElementById("circleLatitude").value = lat.toFixed(4);
      document.getElementById("circleLongitude").value = lon.toFixed(4);
      var radius = document.getElementById("circleRadiusKm");
      if (!radius.value) { radius.value = "2"; }
    });
  }
})();
