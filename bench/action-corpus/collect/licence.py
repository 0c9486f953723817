import subprocess, re, sys, os
def git(d,*a):
    r=subprocess.run(['git','-C',d]+list(a),capture_output=True)
    return r.stdout if r.returncode==0 else None
def classify(text):
    t=re.sub(r'\s+',' ',text)
    if 'Apache License' in t and 'Version 2.0' in t: return 'Apache-2.0'
    if 'Permission is hereby granted, free of charge' in t: return 'MIT'
    if 'Redistribution and use in source and binary forms' in t:
        return 'BSD-3-Clause' if ('Neither the name' in t or 'names of its contributors' in t or 'name of the copyright holder' in t) else 'BSD-2-Clause'
    if 'GNU AFFERO GENERAL PUBLIC LICENSE' in t: return 'AGPL-3.0'
    if 'GNU LESSER GENERAL PUBLIC LICENSE' in t: return 'LGPL'
    if 'GNU GENERAL PUBLIC LICENSE' in t: return 'GPL-3.0' if 'Version 3' in t else 'GPL-2.0'
    if 'Mozilla Public License' in t: return 'MPL-2.0'
    if 'ISC License' in t or 'Permission to use, copy, modify, and/or distribute' in t: return 'ISC'
    if 'PYTHON SOFTWARE FOUNDATION LICENSE' in t: return 'PSF-2.0'
    if 'This is free and unencumbered software released into the public domain' in t: return 'Unlicense'
    if 'Creative Commons' in t and 'CC0' in t: return 'CC0-1.0'
    return None
def licence(d, commit='HEAD'):
    ls=git(d,'ls-tree','--name-only',commit)
    if ls is None: return 'unknown'
    names=[n for n in ls.decode().split('\n') if re.match(r'(?i)^(licen[cs]e|copying)',n)]
    found=[]
    for n in names:
        b=git(d,'cat-file','-p',f'{commit}:{n}')
        if b is None: continue
        c=classify(b.decode('utf-8','replace'))
        if c is None:
            m=re.search(r'(?i)licen[cs]e[-.](mit|apache)',n)
            if m: c={'mit':'MIT','apache':'Apache-2.0'}[m.group(1).lower()]
        found.append(c or ('see '+n))
    found=sorted(set(found))
    return ' + '.join(found) if found else 'none found'
if __name__=='__main__':
    for name in sys.argv[1:]:
        print(name, licence(f'/work/.mirror/{name.replace("/","+")}/repo'))
