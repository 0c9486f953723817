# One-time collection (python3 + PyYAML, the fetched snapshots under /work/.mirror): run harvest.py, status.py,
# export.py in that order; export.py writes the data folder (CORPUS_DATA) and the manifests beside this folder.
# One-time collection of the mirror data: walks the corpus workflows' uses (recursively) through fetched snapshots.
import yaml, subprocess, os, re, sys, json, hashlib, glob, collections
WORK=os.environ.get('COLLECT_WORK','/tmp/action-corpus-collect')  # scratch: harvest.json, status.json, out/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from licence import licence
CORPUS='/work/corpus'
MIRRORS='/work/.mirror'
SHA=re.compile(r'^[0-9a-f]{40}$')
mirror_dirs={d.lower():d for d in os.listdir(MIRRORS)}
def repo_dir(owner,repo):
    d=mirror_dirs.get(f'{owner}+{repo}'.lower())
    return os.path.join(MIRRORS,d,'repo') if d else None
def git(d,*a):
    r=subprocess.run(['git','-C',d]+list(a),capture_output=True)
    return r.stdout if r.returncode==0 else None
def resolve(d,ref):
    if SHA.match(ref):
        return ('sha', ref) if git(d,'cat-file','-e',ref+'^{commit}') is not None else (None,None)
    for kind,full in (('tag','refs/tags/'+ref),('branch','refs/heads/'+ref)):
        c=git(d,'rev-parse','--verify','-q',full+'^{commit}')
        if c: return (kind,c.decode().strip())
    return (None,None)
substituted={}
def substitute(d):
    """The newest release tag of the snapshot (by version), else its HEAD: the stand-in for a ref newer than the snapshot."""
    out=git(d,'tag','--list','v*','--sort=-v:refname')
    for t in (out or b'').decode().split():
        if re.match(r'^v\d+(\.\d+)*$',t):
            c=git(d,'rev-parse','refs/tags/'+t+'^{commit}')
            if c: return (t,c.decode().strip())
    c=git(d,'rev-parse','HEAD^{commit}')
    return ('HEAD',c.decode().strip()) if c else None
def parse_uses(u):
    # returns (owner, repo, path, ref) or None for local/docker
    u=str(u).strip()
    if u.startswith('./') or u.startswith('docker://') or u.startswith('$/') or '@' not in u: return None
    name,ref=u.rsplit('@',1)
    parts=name.split('/')
    if len(parts)<2: return None
    return (parts[0],parts[1],'/'.join(parts[2:]),ref)
def load(b):
    try: return yaml.safe_load(b)
    except Exception as e: return None
def uses_of_workflow(d):
    out=[]
    if not isinstance(d,dict): return out
    for jid,j in (d.get('jobs') or {}).items():
        if not isinstance(j,dict): continue
        if 'uses' in j: out.append(('workflow',str(j['uses'])))
        for s in j.get('steps') or []:
            if isinstance(s,dict) and 'uses' in s: out.append(('action',str(s['uses'])))
    return out

files={}      # (owner,repo,commit,path) -> bytes
standins=set()# (owner,repo,commit,path)
refs={}       # (owner,repo,ref) -> (kind, commit)
spellings=collections.defaultdict(set)
problems={}   # uses string -> reason
edges=collections.defaultdict(set)  # node -> set of uses strings it needs
done=set()

def norm(base,rel):
    p=os.path.normpath(os.path.join(base,rel)) if base else os.path.normpath(rel)
    return p
def visit(kind,u,ctx=None):
    """kind action|workflow; u uses string; ctx=(owner,repo,ref) for ./ workflow calls inside a remote workflow"""
    key=(kind,u,ctx)
    if key in done: return
    done.add(key)
    if ctx and u.startswith('./'):
        owner,repo,ref=ctx; path=u[2:]
    else:
        p=parse_uses(u)
        if p is None: return
        owner,repo,path,ref=p
    spellings[(owner.lower(),repo.lower())].add(f'{owner}/{repo}')
    d=repo_dir(owner,repo)
    if d is None:
        problems[u]='no snapshot of %s/%s'%(owner,repo); return
    rk,commit=resolve(d,ref)
    if commit is None:
        sub=substitute(d)
        if sub is None:
            problems[u]='ref %s not in snapshot'%ref; return
        rk=('sha' if SHA.match(ref) else 'tag-or-branch')+'-substituted-by-'+sub[0]
        commit=sub[1]
        substituted[u]=sub
    refs[(owner,repo,ref)]=(rk,commit)
    if kind=='workflow':
        b=git(d,'cat-file','-p',f'{commit}:{path}')
        if b is None: problems[u]='no %s at %s'%(path,commit); return
        files[(owner,repo,commit,path)]=b
        for k,v in uses_of_workflow(load(b)):
            if k=='workflow' and v.startswith('./'):
                visit('workflow',v,(owner,repo,ref)); edges[u].add(f'{owner}/{repo}/{v[2:]}@{ref}')
            else:
                visit(k,v); edges[u].add(v)
        return
    for name in ('action.yml','action.yaml'):
        ap=(path+'/' if path else '')+name
        b=git(d,'cat-file','-p',f'{commit}:{ap}')
        if b is not None: break
    else:
        problems[u]='no action.yml in %s at %s'%(path or '(root)',commit); return
    files[(owner,repo,commit,ap)]=b
    a=load(b)
    runs=(a or {}).get('runs') if isinstance(a,dict) else None
    if not isinstance(runs,dict): return
    using=str(runs.get('using',''))
    if using=='composite':
        for s in runs.get('steps') or []:
            if isinstance(s,dict) and 'uses' in s:
                visit('action',str(s['uses'])); edges[u].add(str(s['uses']))
    elif using=='docker':
        img=str(runs.get('image',''))
        if img and not img.startswith('docker://'):
            standins.add((owner,repo,commit,norm(path,img)))
    elif using.startswith('node'):
        for k in ('main','pre','post'):
            if k in runs and isinstance(runs[k],str):
                standins.add((owner,repo,commit,norm(path,runs[k])))

rows=[l.rstrip('\n').split('\t') for l in open(f'{CORPUS}/SOURCES.tsv')][1:]
wf_uses={}
called={}   # (repo, path) -> (commit, bytes): workflows of a corpus repository that its corpus workflows call
corpus_files={(r,p) for r,p,c,v in rows}
def walk_corpus(repo,path,commit,b):
    us=uses_of_workflow(load(b))
    wf_uses[(repo,path)]=us
    for k,v in us:
        if k=='workflow' and v.startswith('./'):
            target=v[2:].split('@')[0]
            if (repo,target) in corpus_files or (repo,target) in called: continue
            d=repo_dir(*repo.split('/'))
            tb=git(d,'cat-file','-p',f'{commit}:{target}') if d else None
            if tb is None: problems[f'{repo}:{v}']='called workflow not in the corpus and no snapshot'; continue
            called[(repo,target)]=(commit,tb)
            walk_corpus(repo,target,commit,tb)
        elif not v.startswith('./'): visit(k,v)
for repo,path,commit,via in rows:
    f=f'{CORPUS}/workflows/{repo.replace("/","__")}/{os.path.basename(path)}'
    walk_corpus(repo,path,commit,open(f,'rb').read())
json.dump({
 'files':[[*k, hashlib.sha256(v).hexdigest()] for k,v in sorted(files.items())],
 'standins':sorted(standins),
 'refs':[[*k,*v] for k,v in sorted(refs.items())],
 'problems':problems,
 'substituted':substituted,
 'called':[[r,p,c,hashlib.sha256(b).hexdigest()] for (r,p),(c,b) in sorted(called.items())],
 'edges':{k:sorted(v) for k,v in edges.items()},
 'spellings':{'/'.join(k):sorted(v) for k,v in spellings.items()},
 'wf_uses':{f'{r}\t{p}':us for (r,p),us in wf_uses.items()},
},open(os.path.join(WORK,'harvest.json'),'w'),indent=1)
for (o,r,c,p),b in files.items():
    dst=f'{WORK}/out/actions/{o}/{r}/{c}/{p}'
    os.makedirs(os.path.dirname(dst),exist_ok=True); open(dst,'wb').write(b)
for (r,p),(c,b) in called.items():
    dst=f'{WORK}/out/called/{r.replace("/","__")}/{os.path.basename(p)}'
    os.makedirs(os.path.dirname(dst),exist_ok=True); open(dst,'wb').write(b)
print(len(called),'called workflows')
print(len(files),'files',len(standins),'standins',len(refs),'refs',len(problems),'problems')
for k,v in sorted(problems.items()): print('  ',k,'->',v)
