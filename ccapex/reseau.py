def ip_client(request) -> str:
    """The client's address: behind our reverse proxy, the last X-Forwarded-For entry is the
    one the proxy added (earlier ones can be forged by the client)."""
    transmis = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if transmis:
        return transmis.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
