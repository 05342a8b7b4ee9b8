# Sourced by fx for the 'gather' step, which names it in 'code:' so that it is in the key.
copy_trials() {
  mkdir -p "$2/trials"
  cp "$1/matrix.json" "$2/matrix.json"
  for n in 1 2; do cp "$1/$n" "$2/trials/$n.txt"; done
}
