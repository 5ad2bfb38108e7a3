# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for cmactl(8)

set -l cmactl_commands status

complete -c cmactl -f
complete -c cmactl -n "not __fish_seen_subcommand_from $cmactl_commands" -a status -d 'Report the CMA size, which layer set it, areas and failures'

# global options, valid before and after the command
complete -c cmactl -s r -l root -r -a '(__fish_complete_directories)' -d 'Read kernel interfaces under DIR'
complete -c cmactl -l dmesg -r -F -d 'Kernel log from FILE (- for stdin)'
complete -c cmactl -l dtb -r -F -d 'Device tree blob'
complete -c cmactl -l config -r -F -d 'Kernel .config (plain or gzip)'
complete -c cmactl -l cmdline -r -F -d 'Kernel command line file'
complete -c cmactl -l kernel-version -x -d 'Apply the rules of this kernel version'
complete -c cmactl -l page-size -x -a '4K 16K 64K' -d 'Page size of the target'
complete -c cmactl -s j -l json -d 'JSON output'
complete -c cmactl -s v -l verbose -d 'Say which files are read'
complete -c cmactl -l help -d 'Show help'
complete -c cmactl -l usage -d 'Show short usage'
complete -c cmactl -s V -l version -d 'Show the version'
