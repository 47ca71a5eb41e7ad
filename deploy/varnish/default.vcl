# MedReview's edge cache (Varnish 7.x: Debian's varnish package, or the official image in compose).
#
# Caches what the site marks `Cache-Control: public` (anonymous reader pages), keyed on
# the address and the audience cookie alone: other cookies neither split nor bypass the
# cache. Anyone with a session (staff) is passed straight through and never stored.
# The site bans changed pages at once (publishing/edge.py sends BAN with X-Ban-Url, a
# regular expression over the path), so nothing waits for a TTL to go stale.
#
# As it stands the file serves one machine: the site's gunicorn on 127.0.0.1:8000, bans
# from this host. deploy/varnish/start.sh (the compose service) replaces the two marked
# blocks from the environment: the backends (VARNISH_BACKENDS, behind a round-robin
# director) and the purge ACL (VARNISH_PURGERS). deploy/varnish/README.md says more.
vcl 4.1;

# BEGIN backends (deploy/varnish/start.sh replaces this block from VARNISH_BACKENDS)
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}
# END backends

# BEGIN purgers (deploy/varnish/start.sh replaces this block from VARNISH_PURGERS)
# Who may ban: the site's own hosts.
acl purgers {
    "127.0.0.1";
    "::1";
}
# END purgers

sub vcl_recv {
    if (req.method == "BAN") {
        if (!(client.ip ~ purgers)) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url required"));
        }
        ban("obj.http.x-url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff: never from the cache, never into it.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Link trackers change nothing the site sends: one cached copy with or without them.
    if (req.url ~ "[?&](utm_[A-Za-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[A-Za-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    # Varnish runs with http_gzip_support off (start.sh): the site compresses (brotli or gzip), and each
    # encoding is its own copy (Vary: Accept-Encoding), sent as the site sent it — a client
    # that takes no gzip gets the strong ETag and a 304, not a copy Varnish unzipped (which
    # weakens the ETag). One value per encoding, so that clients' headers do not split the cache.
    if (req.http.Accept-Encoding ~ "(^|,)\s*br\s*(,|$)") {
        set req.http.Accept-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "gzip") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    # Pages for one person, or that change with every query.
    if (req.url ~ "^/(admin|accounts|editor|review|search|questions|personalize|healthz|readyz)"
        || req.url ~ "^/articles/[^/]+/(edit|submit|history|compare|revisions|audit|questions)") {
        return (pass);
    }
    # The audience cookie is the only cookie that changes a reader page.
    if (req.http.Cookie ~ "(^|;\s*)medreview_audience=") {
        set req.http.Cookie = regsub(req.http.Cookie, "^(?:.*;\s*)?(medreview_audience=[^;]*).*$", "\1");
    } else {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    return (lookup);
}

sub vcl_backend_response {
    # Remember the path on the object, so that bans can match it (lurker-friendly).
    set beresp.http.x-url = bereq.url;
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
