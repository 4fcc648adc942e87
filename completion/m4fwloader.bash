# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for m4fwloader(1).
# Install as $(BASHCOMPDIR)/m4fwloader, or source it from ~/.bashrc.
# Self-contained: works with or without the bash-completion package.

# COMPREPLY := the lines compgen prints for "$@" (names with spaces kept).
_m4fwloader_compgen()
{
	mapfile -t COMPREPLY < <(compgen "$@")
}

_m4fwloader()
{
	local cur prev words cword
	local commands='load start stop restart status kick inspect dump watch'
	# Memory names for "dump REGION OUTFILE" (any case; which exist
	# depends on the SoC).
	local regions='tcml tcmu tcm itcm dtcm ocram_s ocram ocram_epdc
		ocram_pxp ddr'
	local socs='imx6sx imx7d imx8mq imx8mm imx8mn imx8mp'
	local opts_long='--soc= --mem= --root= --dry-run --no-start --m-view
		--backend= --remoteproc= --lib-firmware --rpmsg-timeout= --poll=
		--force --json --verbose --quiet --help --version'
	local opts_short='-s -m -n -f -v -q -h -V'

	COMPREPLY=()
	if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
		# Keep "--soc=im" in one word whatever COMP_WORDBREAKS holds.
		_get_comp_words_by_ref -n = cur prev words cword
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		# With '=' in COMP_WORDBREAKS, "--soc=im" arrives as
		# "--soc" "=" "im": glue it back together.
		if [[ $cur == = && $prev == --* ]]; then
			cur="$prev="
			prev=${COMP_WORDS[COMP_CWORD - 2]}
		elif [[ $prev == = && $cword -ge 2 &&
			${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
			cur="${COMP_WORDS[COMP_CWORD - 2]}=$cur"
			prev=${COMP_WORDS[COMP_CWORD - 3]}
		fi
	fi

	# The value of an option, given as "--opt=VALUE". When '=' breaks
	# words (the default), readline replaces only VALUE; otherwise the
	# whole "--opt=VALUE" word.
	if [[ $cur == --*=* ]]; then
		local opt=${cur%%=*} val=${cur#*=} pre='' c
		[[ $COMP_WORDBREAKS == *=* ]] || pre="$opt="
		case $opt in
		--soc)
			_m4fwloader_compgen -W "$socs" -- "$val"
			;;
		--mem)
			compopt -o filenames 2>/dev/null
			_m4fwloader_compgen -f -- "$val"
			;;
		--root)
			compopt -o filenames 2>/dev/null
			_m4fwloader_compgen -d -- "$val"
			;;
		--backend)
			_m4fwloader_compgen -W "devmem remoteproc auto" -- "$val"
			;;
		esac
		if [[ -n $pre ]]; then
			for c in "${!COMPREPLY[@]}"; do
				COMPREPLY[c]=$pre${COMPREPLY[c]}
			done
		fi
		return 0
	fi

	# The value of an option, given as the next word.
	case $prev in
	-s | --soc)
		_m4fwloader_compgen -W "$socs" -- "$cur"
		return 0
		;;
	-m | --mem)
		compopt -o filenames 2>/dev/null
		_m4fwloader_compgen -f -- "$cur"
		return 0
		;;
	--root)
		compopt -o filenames 2>/dev/null
		_m4fwloader_compgen -d -- "$cur"
		return 0
		;;
	--backend)
		_m4fwloader_compgen -W "devmem remoteproc auto" -- "$cur"
		return 0
		;;
	--remoteproc | --rpmsg-timeout | --poll)
		# a number: nothing to offer
		return 0
		;;
	-h | --help | -V | --version)
		return 0
		;;
	esac

	if [[ $cur == --* ]]; then
		_m4fwloader_compgen -W "$opts_long" -- "$cur"
		# No space after an option that takes "=VALUE".
		if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
			compopt -o nospace 2>/dev/null
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_m4fwloader_compgen -W "$opts_short $opts_long" -- "$cur"
		return 0
	fi

	# Find the command word and how many arguments follow it.
	local i w cmd='' nargs=0 skip=0
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if ((skip > 0)); then
			skip=$((skip - 1))
			continue
		fi
		case $w in
		-s | -m | --soc | --mem | --root | --backend | --remoteproc | \
		--rpmsg-timeout | --poll)
			# Its value follows; "--soc=imx7d" may also arrive
			# as "--soc" "=" "imx7d".
			skip=1
			[[ ${words[i + 1]-} == = ]] && skip=2
			continue
			;;
		-*)
			continue
			;;
		esac
		if [[ -z $cmd ]]; then
			cmd=$w
		else
			nargs=$((nargs + 1))
		fi
	done

	case $cmd in
	'')
		# A command, or FILE of the imx-m4fwloader form "FILE [ADDR]".
		compopt -o filenames 2>/dev/null
		local -a files
		mapfile -t files < <(compgen -f -- "$cur")
		_m4fwloader_compgen -W "$commands" -- "$cur"
		COMPREPLY+=("${files[@]}")
		;;
	load | inspect | watch)
		if ((nargs == 0)); then
			compopt -o filenames 2>/dev/null
			_m4fwloader_compgen -f -- "$cur"
		fi
		;;
	dump)
		# dump REGION OUTFILE | dump ADDR LEN OUTFILE
		local first=''
		if ((nargs > 0)); then
			for ((i = 1; i < cword; i++)); do
				[[ ${words[i]} == dump ]] && first=${words[i + 1]-} && break
			done
		fi
		local want_file=0
		if ((nargs == 0)); then
			_m4fwloader_compgen -W "$regions" -- "$cur"
		elif ((nargs == 1)); then
			# OUTFILE after REGION; LEN after ADDR.
			[[ " $regions " == *" ${first,,} "* ]] && want_file=1
		elif ((nargs == 2)); then
			# OUTFILE after ADDR LEN.
			[[ " $regions " == *" ${first,,} "* ]] || want_file=1
		fi
		if ((want_file)); then
			compopt -o filenames 2>/dev/null
			_m4fwloader_compgen -f -- "$cur"
		fi
		;;
	start | stop | restart | status | kick)
		# No arguments, or a number (kick VQID): nothing to offer.
		;;
	*)
		# "FILE ADDR": ADDR is an address, nothing to offer.
		;;
	esac
	return 0
}

complete -F _m4fwloader m4fwloader
