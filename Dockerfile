# One image for the four services and the tools; the command chooses which runs, e.g.
#   docker run civil-affairs registration-service --help
# Build:  docker build -t civil-affairs .
FROM swift:6.3-bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a change to our sources does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# `swift build` takes one --product (a repeated one keeps only the last), so one per product;
# the modules they share are compiled once. The targets' resource bundles (each service's
# OpenAPI document) go beside the executables, where Bundle.module looks for them.
RUN mkdir /out && for product in registration-service relief-service organizations-service alerts-service \
        civil-topics civil-token; do \
        swift build -c release --static-swift-stdlib --product "$product" \
        && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/$product" /out/ || exit 1; done \
    && cp -R "$(swift build -c release --static-swift-stdlib --show-bin-path)"/*.resources /out/

FROM debian:bookworm-slim
# librdkafka for Kafka, libxml2 for CAP (FoundationXML), CA certificates for TLS to Kafka and
# PostgreSQL, curl for the health checks.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        librdkafka1 libxml2 ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /srv civil && mkdir -p /srv/data && chown civil /srv/data
COPY --from=build /out/ /usr/local/bin/
COPY Services/Registration/demo/ /srv/demo/registration/
COPY Services/Relief/demo/ /srv/demo/relief/
COPY Services/Organizations/demo/ /srv/demo/organizations/
COPY Services/Alerts/demo/ /srv/demo/alerts/
USER civil
WORKDIR /srv
ENV HTTP_HOST=0.0.0.0
EXPOSE 8080
CMD ["registration-service", "--help"]
