# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for cmactl(8)

set -l cmactl_commands status stress watch recommend set unset export collect

complete -c cmactl -f
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a status -d 'Report the CMA size, which layer set it, areas and failures'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a stress -d 'Allocate from the CMA heap and report what the kernel did'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a watch -d 'Sample CMA and the kernel log during a workload'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a recommend -d 'The CMA size to set, and the command'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a set -d 'Set the CMA size in the DT, bootargs, command line or .config'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a unset -d "Take a layer's CMA setting out again"
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a export -d 'Print the status as Prometheus/OpenMetrics metrics'
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a collect -d 'Write a support bundle that --root reads back'

# global options, valid before and after the command
complete -c cmactl -s r -l root -r -F -d 'Read kernel interfaces under DIR, or a bundle'
complete -c cmactl -l dmesg -r -F -d 'Kernel log from FILE (- for stdin)'
complete -c cmactl -l dtb -r -F -d 'Device tree blob'
complete -c cmactl -l config -r -F -d 'Kernel .config (plain or gzip)'
complete -c cmactl -l cmdline -r -F -d 'Kernel command line file'
complete -c cmactl -l kernel-version -x -d 'Apply the rules of this kernel version'
complete -c cmactl -l page-size -x -a '4K 16K 64K' -d 'Page size of the target'
complete -c cmactl -s j -l json -d 'JSON output'
complete -c cmactl -s v -l verbose -d 'Say which files are read'
complete -c cmactl -s h -l help -d 'Show help'
complete -c cmactl -l usage -d 'Show short usage'
complete -c cmactl -s V -l version -d 'Show the version'

# stress
set -l st '__fish_seen_subcommand_from stress'
complete -c cmactl -n $st -s H -l heap -x -a '(ls /dev/dma_heap 2>/dev/null)' -d 'Heap in /dev/dma_heap'
complete -c cmactl -n $st -s s -l size -x -d 'Size of each buffer (1M, 4097p)'
complete -c cmactl -n $st -s c -l count -x -d 'Buffers each job holds at once'
complete -c cmactl -n $st -l until-fail -d 'Allocate until the first failure'
complete -c cmactl -n $st -l sizes -x -d 'Random sizes MIN-MAX'
complete -c cmactl -n $st -l hold -x -d 'Hold the buffers this many seconds'
complete -c cmactl -n $st -l duration -x -d 'Repeat rounds this many seconds'
complete -c cmactl -n $st -l keep-going -d 'Do not stop at the first failure'
complete -c cmactl -n $st -l jobs -x -d 'Processes allocating at once'
complete -c cmactl -n $st -l touch -d 'Map and write every buffer'
complete -c cmactl -n $st -l seed -x -d 'Seed of the random sizes'
complete -c cmactl -n $st -l force -d 'Lift the safety bound'
complete -c cmactl -n $st -l load-module -d 'Insert cma_heap through libkmod'
complete -c cmactl -n $st -s n -l dry-run -d 'Print the heap and the plan only'

# watch
set -l wa '__fish_seen_subcommand_from watch'
complete -c cmactl -n $wa -l interval -x -d 'Time between samples (100ms, 0.5s, 2)'
complete -c cmactl -n $wa -l duration -x -d 'Stop after this long'
complete -c cmactl -n $wa -l record -r -F -d 'Write the NDJSON stream to FILE'
complete -c cmactl -n $wa -l svg -r -F -d 'Write a timeline picture to FILE'

# recommend
set -l re '__fish_seen_subcommand_from recommend'
complete -c cmactl -n $re -l from -r -F -d 'A watch --record file'
complete -c cmactl -n $re -l stream -x -d 'A planned stream WxH:FORMAT:COUNT[:DECODER]'

# set and unset
set -l su '__fish_seen_subcommand_from set unset'
complete -c cmactl -n $su -l via -x -a 'dts bootargs cmdline kconfig ubootenv overlay' -d 'Layer to change'
complete -c cmactl -n $su -s f -l file -r -F -d 'File to edit'
complete -c cmactl -n $su -s o -l output -r -F -d 'Write the result to FILE'
complete -c cmactl -n $su -s n -l dry-run -d 'Show a unified diff, write nothing'
complete -c cmactl -n $su -l backup -d 'Keep the original as FILE.cmactl-bak (--backup=SUFFIX)'
complete -c cmactl -n $su -l no-backup -d 'Keep no backup'
complete -c cmactl -n $su -l base -x -d 'Lowest address of the area'
complete -c cmactl -n $su -l limit -x -d 'End of the window the area must lie in'
complete -c cmactl -n $su -l static -d 'dts: a fixed reg at --base'
complete -c cmactl -n $su -l label -x -d 'extlinux label to edit'
complete -c cmactl -n $su -l mem -x -d "The target system's memory size, to check against"
complete -c cmactl -n $su -l force -d 'Write even when the memory or window checks fail'
complete -c cmactl -n $su -l follow-symlinks -d "Replace a symlink's target"
complete -c cmactl -n '__fish_seen_subcommand_from set' -l remove -d 'Same as unset'

# status
complete -c cmactl -n '__fish_seen_subcommand_from status' -l check -d 'List problems; exit 6 when there is one'

# export
set -l ex '__fish_seen_subcommand_from export'
complete -c cmactl -n $ex -l format -x -a 'prometheus openmetrics' -d 'Exposition format'
complete -c cmactl -n $ex -s o -l output -r -F -d 'Replace FILE atomically (a .prom file)'

# collect
complete -c cmactl -n '__fish_seen_subcommand_from collect' -s o -l output -r -F -d 'Write the bundle to FILE'
