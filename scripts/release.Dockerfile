# The runner image of a release (goreleaser, .goreleaser.yaml), tagged payconform:<version>: the
# same image as harness/runnerimage/Dockerfile (payconform:local), from the release's binaries.
FROM scratch
COPY build/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY bin/payconform /payconform/bin/payconform
COPY suites/ /payconform/suites/
COPY --chown=65532:65532 build/empty/ /tmp/
COPY --chown=65532:65532 build/empty/ /reports/
USER 65532:65532
ENV HOME=/tmp TMPDIR=/tmp PATH=/payconform/bin
WORKDIR /
ENTRYPOINT ["/payconform/bin/payconform"]
CMD ["test"]
