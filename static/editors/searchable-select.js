/* Long selects (time zones) get the admin's search box: type "Los Ang" to find
   America/Los Angeles. The select itself still holds the value the form sends. */
"use strict";
{
  const $ = django.jQuery;
  $(function () {
    $("select.searchable-select").not("[name*=__prefix__]").each(function () {
      $(this).select2({ width: "24rem" });
    });
  });
}
