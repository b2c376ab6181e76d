/* The tags field: find an existing tag first, create a new one only on purpose.
 *
 * Django's admin autocomplete, started with select2's "tags" mode: the search lists existing
 * tags (from the admin's own autocomplete view) and Enter picks the highlighted one, the first
 * match. A tag that does not exist yet is offered last, as "Create tag “…”", and only when no
 * tag has that name in any case; choosing it sends "new:<name>", which the server creates.
 */
"use strict";
{
  const $ = django.jQuery;

  function start(element) {
    const prefix = element.dataset.newTagPrefix || "new:";
    $(element).select2({
      tags: true,
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      createTag: (params) => {
        const name = (params.term || "").trim();
        return name ? { id: prefix + name, text: name, newTag: true } : null;
      },
      // After the existing tags, never before them (select2's default), so Enter on a
      // half-typed name picks the existing tag it matches.
      insertTag: (results, tag) => { results.push(tag); },
      templateResult: (item) => (item.newTag ? "Create tag “" + item.text + "”" : item.text),
    });
  }

  $(function () {
    $("select.tag-autocomplete").not("[name*=__prefix__]").each((index, element) => start(element));
  });
}
