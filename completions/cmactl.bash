# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for cmactl(8)

_cmactl() {
	local cur prev words cword
	_init_completion -s || return

	local global_opts="--root --dmesg --dtb --config --cmdline --kernel-version --page-size
		--json --verbose --help --usage --version"
	local commands="status stress watch recommend set unset export collect"

	case $prev in
	--root)
		# a directory, or a bundle made by collect
		_filedir
		return ;;
	--dmesg | --config | --cmdline)
		_filedir
		return ;;
	--dtb)
		_filedir dtb
		return ;;
	--kernel-version | --page-size)
		return ;;
	--heap | -H)
		# the heaps of the running system
		mapfile -t COMPREPLY < <(compgen -W "$(ls /dev/dma_heap 2>/dev/null)" -- "$cur")
		return ;;
	--size | -s | --count | -c | --sizes | --hold | --duration | --jobs | --seed | --interval)
		return ;;
	--record | --svg | --from)
		_filedir
		return ;;
	--stream)
		# WxH:FORMAT:COUNT[:DECODER]
		return ;;
	--via)
		mapfile -t COMPREPLY < <(compgen -W "dts bootargs cmdline kconfig ubootenv overlay" -- "$cur")
		return ;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W "prometheus openmetrics" -- "$cur")
		return ;;
	--file | -f | --output | -o)
		_filedir
		return ;;
	--base | --limit | --label | --mem | --backup)
		return ;;
	esac
	[[ $cur == --*=* ]] && return

	# the command is the first word that is not an option or an option's value
	local i cmd=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--root | --dmesg | --dtb | --config | --cmdline | --kernel-version | --page-size)
			((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	local opts=$global_opts
	case $cmd in
	"")
		if [[ $cur != -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
			return
		fi ;;
	status)
		opts="$opts --check" ;;
	export)
		opts="$opts --format --output" ;;
	collect)
		opts="$opts --output" ;;
	set | unset)
		opts="$opts --via --file --output --dry-run --backup --no-backup --base --limit --static
			--label --mem --force --follow-symlinks"
		[[ $cmd == set ]] && opts="$opts --remove" ;;
	watch)
		# after "--" the words are COMMAND's
		for ((i = i + 1; i < cword; i++)); do
			if [[ ${words[i]} == -- ]]; then
				_command_offset $((i + 1))
				return
			fi
		done
		opts="$opts --interval --duration --record --svg" ;;
	recommend)
		opts="$opts --from --stream" ;;
	stress)
		opts="$opts --heap --size --count --until-fail --sizes --hold --duration --keep-going
			--jobs --touch --seed --force --load-module --dry-run" ;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
}
complete -F _cmactl cmactl
