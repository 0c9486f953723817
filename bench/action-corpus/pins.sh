# Sourced by mirror.sh and measure.sh. A commit SHA covers a repository's whole tree and history, so a mirror that
# keeps a few files of each action cannot hold the commit a `uses: owner/repo@<40 hex>` names. The mirror serves that
# version under the tag `pin-<sha>` instead, and both the mirror's files and the measure's copy of each workflow
# name the tag: `@<sha>` in a `uses:` line becomes `@pin-<sha>`. Nothing else of a file changes.
rewrite_pins() {
  sed -E 's/^([[:space:]-]*(- )?uses:[^#]*@)([0-9a-f]{40})([^0-9a-zA-Z]|$)/\1pin-\3\4/'
}
