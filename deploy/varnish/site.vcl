# Varnish in front of the CCO Council's app servers: what it may keep, what it must pass.
#
# Serve with:  varnishd -a :80 -f /etc/varnish/site.vcl -p vcl_path=/etc/varnish -s malloc,256m
# next to a backends.vcl of your own (backends.example.vcl shows one): it names the app
# servers and the round-robin director "app" this file sends requests to.
#
# The app says what is shareable: public pages come with "Cache-Control: public, max-age=0,
# s-maxage=N" (N capped at the next scheduled publish time), an ETag, and X-Cache-Tags;
# anything personal (signed in, a form with its CSRF token, a message) is "private, no-store".
# A change makes the app send "BAN" with the tags to purge (HTTP_CACHE_PURGE_URL); this file
# bans every stored page carrying one of them.
vcl 4.1;

import directors;
import std;

include "backends.vcl";

# Who may purge: the app servers. List their addresses in backends.vcl's network, or here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.X-Cache-Tags) {
            return (synth(400, "X-Cache-Tags missing"));
        }
        # Matched against what is stored (obj.*), so the ban list is cleaned as it goes. The
        # header is a regular expression of tags, e.g. "(^|,)(library|site)(,|$)".
        if (std.ban("obj.http.X-Cache-Tags ~ " + req.http.X-Cache-Tags)) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors and members signed in and readers with a message waiting get their own pages;
    # so do the admin, previews (an editor's, and the links editors share), members' and
    # sign-in pages, and the inquiry form (its CSRF cookie must reach the app).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|members|account|preview)/" || req.url ~ "^/library/[^/]+/preview/"
        || req.url ~ "^/press/(inquiry/)?(\?|$)") {
        return (pass);
    }
    # Every other page is the same for every anonymous reader: cookies play no part in it.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The app caps s-maxage at the next scheduled publish time; serving past it, even while
    # fetching a fresh copy, would show a scheduled item late.
    set beresp.grace = 0s;
    # Varnish's built-in rules then refuse to store "private", "no-store", Set-Cookie and
    # s-maxage=0 answers.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Cache-Tags;
}
